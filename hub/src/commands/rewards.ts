import { ErrorCodes, NodetallyError, untilSignal } from '@nodetally/shared';
import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import { resolveSourceId } from '../rewards/accounts.js';
import type { TickReport } from '../rewards/scheduler.js';
import { importConfiguredAccounts, schedulerFor } from '../rewards/start.js';
import type { RewardFlags } from './accounts.js';
import { openConfiguredStore } from './store.js';

export const REWARDS_USAGE = `  nodetally-hub rewards sync --once [--network <id>]
                                                   sync every account (or one network's) once, print what was stored
  nodetally-hub rewards sync                       the same on the configured intervals, until stopped`;

type Out = (line: string) => void;

function print(report: TickReport, json: boolean, out: Out) {
  if (json) return out(JSON.stringify(report));
  for (const r of report.rewards) {
    out(
      r.ok
        ? `${r.source} ${r.account}: ${r.inserted} new event(s), ${r.duplicates} already stored`
        : `${r.source} ${r.account}: failed: ${r.error}`,
    );
  }
  for (const p of report.prices) {
    out(
      p.ok
        ? `prices ${p.token}: ${p.stored} price point(s) stored, ${p.unpriced_hours} reward hour(s) without a price`
        : `prices ${p.token}: failed: ${p.error}`,
    );
  }
}

/** `nodetally-hub rewards sync`: the scheduler without the hub, on the hub's database (SQLite or PostgreSQL). */
export async function rewardsCommand(
  config: HubConfig,
  args: string[],
  flags: RewardFlags,
  json: boolean,
  out: Out,
  log: Logger,
): Promise<number> {
  if (args[0] !== 'sync' || args.length > 1) {
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, `usage:\n${REWARDS_USAGE}`);
  }
  const network = flags.network === undefined ? undefined : resolveSourceId(flags.network);
  const store = await openConfiguredStore(config);
  try {
    await importConfiguredAccounts(config, store, Date.now());
    const scheduler = schedulerFor(config, store, log, {
      ...(network ? { filter: (a) => a.source === network } : {}),
    });
    if (flags.once) {
      const report = await scheduler.tick(true);
      print(report, json, out);
      if (report.rewards.length === 0) out('no reward accounts: add one with `nodetally-hub accounts add`');
      return [...report.rewards, ...report.prices].every((r) => r.ok) ? 0 : 1;
    }
    scheduler.start();
    await untilSignal(() => scheduler.stop());
    return 0;
  } finally {
    await store.close();
  }
}
