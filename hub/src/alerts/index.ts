export { AlertsConfig, channelName, resolveAlertsConfig, siteOf } from './config.js';
export { EarningsFeed, type EarningsSource, earningsInputOf } from './earnings-inputs.js';
export { type EngineSettings, type Observation, type StepResult, step, type Transition } from './engine.js';
export { engineSettings, evaluateAlerts, observe } from './evaluate.js';
export type { AlertItem, AlertMessage } from './message.js';
export {
  ChannelConfig,
  createNotifier,
  type DeliveryResult,
  deliver,
  type Notifier,
  sendTest,
} from './notifiers/index.js';
export { drainOutbox, retryDelayMs } from './outbox.js';
export { inQuietHours } from './quiet-hours.js';
export { RULES, ruleByKind } from './rules/index.js';
export { effectiveConfig, MASK, maskChannel, type StoredRules, unmaskChannels } from './runtime.js';
export {
  type AlertState,
  addSilence,
  type EntryState,
  emptyState,
  loadState,
  removeSilence,
  type Silence,
} from './state.js';
export type {
  Condition,
  DeviceInput,
  EarningsInput,
  RuleDefinition,
  RuleVerdict,
  Severity,
} from './types.js';
