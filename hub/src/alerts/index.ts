export { AlertsConfig, resolveAlertsConfig } from './config.js';
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
export { inQuietHours } from './quiet-hours.js';
export { RULES, ruleByKind } from './rules/index.js';
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
