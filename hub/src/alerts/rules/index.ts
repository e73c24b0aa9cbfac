import type { RuleDefinition } from '../types.js';
import { bandwidthQuota } from './bandwidth-quota.js';
import { earningsDrop } from './earnings-drop.js';
import { gpuIdle } from './gpu-idle.js';
import { notEarning } from './not-earning.js';
import { offline } from './offline.js';
import { outboxDropping } from './outbox-dropping.js';
import { piPower } from './pi-power.js';
import { reboot } from './reboot.js';
import { rewardMissing } from './reward-missing.js';
import { rewardStale } from './reward-stale.js';
import { temperature } from './temperature.js';

/** Every rule kind, one line each: adding a rule is a file and a line here. */
export const RULES: readonly RuleDefinition[] = [
  earningsDrop,
  offline,
  reboot,
  notEarning,
  rewardMissing,
  rewardStale,
  gpuIdle,
  temperature,
  piPower,
  bandwidthQuota,
  outboxDropping,
];

export const ruleByKind = (kind: string): RuleDefinition | undefined => RULES.find((r) => r.kind === kind);
