import type { AlertsConfig } from './config.js';
import { type EngineSettings, type Observation, type StepResult, step } from './engine.js';
import { RULES } from './rules/index.js';
import type { AlertState } from './state.js';
import type { DeviceInput, RuleCommon } from './types.js';

/** The engine's view of the config: enabled rules with their timing. */
export function engineSettings(config: AlertsConfig): EngineSettings {
  const rules: EngineSettings['rules'] = {};
  for (const rule of RULES) {
    const c = ruleConfig(config, rule.kind);
    if (c?.enabled)
      rules[rule.kind] = { minDurationMs: c.minDurationMs, cooldownMs: c.cooldownMs, type: rule.type };
  }
  return {
    groupWaitMs: config.groupWaitMs,
    groupListMax: config.groupListMax,
    quietHours: config.quietHours,
    rules,
  };
}

const ruleConfig = (config: AlertsConfig, kind: string) =>
  (config.rules as Record<string, RuleCommon | undefined>)[kind];

/** Every enabled rule on every device. A rule that throws is "no data" for that device, never a crash. */
export function observe(devices: readonly DeviceInput[], config: AlertsConfig, now: number): Observation[] {
  const out: Observation[] = [];
  for (const rule of RULES) {
    const c = ruleConfig(config, rule.kind);
    if (!c?.enabled) continue;
    for (const d of devices) {
      let verdict: Observation['verdict'];
      try {
        verdict = rule.evaluate(d, c, { now });
      } catch {
        verdict = null;
      }
      out.push({ rule: rule.kind, device_id: d.device_id, name: d.name, site: d.site, verdict });
    }
  }
  return out;
}

/**
 * One evaluation: rules on the devices, then the engine. Pure: same state, devices, config and
 * `now` give the same result. The hub persists `result.state`, stores `transitions` as history and
 * hands `messages` to `deliver()`.
 */
export function evaluateAlerts(
  state: AlertState,
  devices: readonly DeviceInput[],
  config: AlertsConfig,
  now: number,
): StepResult {
  if (!config.enabled) return { state, messages: [], transitions: [], dropped: [] };
  return step(state, observe(devices, config, now), engineSettings(config), now);
}
