import { Gauge, type Registry } from 'prom-client';
import { loadState } from '../../alerts/state.js';
import { isStale } from '../../rewards/staleness.js';
import type { SyncState } from '../../store/reward-types.js';

/**
 * Reward source health and alert counts. Labels: `source` and `account` (one pair per configured
 * reward account, plus one per priced token), `rule` (alert rule kinds, a fixed set).
 */
export function registerSourceMetrics(registry: Registry) {
  const perSource = ['source', 'account'];
  const g = {
    stale: new Gauge({
      name: 'nodetally_reward_source_stale',
      help: '1 when a reward source never synced or has had no success for 3 intervals, else 0.',
      labelNames: perSource,
      registers: [registry],
    }),
    lastSuccess: new Gauge({
      name: 'nodetally_reward_source_last_success_timestamp_seconds',
      help: 'When the reward source last synced successfully (absent when never).',
      labelNames: perSource,
      registers: [registry],
    }),
    failures: new Gauge({
      name: 'nodetally_reward_source_consecutive_failures',
      help: 'Failed syncs of the reward source since its last success.',
      labelNames: perSource,
      registers: [registry],
    }),
    firing: new Gauge({
      name: 'nodetally_alerts_firing',
      help: 'Alerts firing now, by rule (rules seen so far; 0 when none of theirs fires).',
      labelNames: ['rule'],
      registers: [registry],
    }),
  };

  return function update(
    states: readonly SyncState[],
    accounts: ReadonlyArray<{ source: string; account: string }>,
    alertState: unknown,
    nowMs: number,
  ) {
    for (const metric of Object.values(g)) metric.reset();
    // An account that never synced has no state yet: stale, as the /api/v1/rewards/sources route says.
    for (const a of accounts) {
      if (states.some((s) => s.source === a.source && s.account === a.account)) continue;
      g.stale.set({ source: a.source, account: a.account }, 1);
      g.failures.set({ source: a.source, account: a.account }, 0);
    }
    for (const s of states) {
      const labels = { source: s.source, account: s.account };
      g.stale.set(labels, isStale(s, nowMs) ? 1 : 0);
      if (s.last_success_ms !== null) g.lastSuccess.set(labels, s.last_success_ms / 1000);
      g.failures.set(labels, s.consecutive_failures);
    }
    for (const e of Object.values(loadState(alertState).entries)) {
      g.firing.inc({ rule: e.rule }, e.phase === 'firing' ? 1 : 0);
    }
  };
}
