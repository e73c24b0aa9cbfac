import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { resolveSourceId } from '../rewards/accounts.js';
import { openConfiguredStore, type StoreSettings } from './store.js';

export const ACCOUNTS_USAGE = `  nodetally-hub accounts add <network> <account> [--device <id>]… [--label <text>]
                                                   sync an account's rewards (network: helium, render, akash, …)
  nodetally-hub accounts list                      every reward account with its linked devices`;

export interface RewardFlags {
  devices: string[];
  label: string | undefined;
  network: string | undefined;
  once: boolean;
  /** argv without these flags, for the config loader. */
  rest: string[];
}

/** Takes out the flags of `accounts` and `rewards` (string-valued, so the config loader would refuse them). */
export function takeRewardFlags(argv: readonly string[]): RewardFlags {
  const flags: RewardFlags = { devices: [], label: undefined, network: undefined, once: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    const value = () => inline ?? argv[++i];
    if (name === 'device') {
      const device = value();
      if (device) flags.devices.push(device);
    } else if (name === 'label') flags.label = value();
    else if (name === 'network') flags.network = value();
    else if (name === 'once') flags.once = true;
    else flags.rest.push(arg);
  }
  return flags;
}

type Out = (line: string) => void;

/** `nodetally-hub accounts …`: works on the database directly; a running hub picks changes up within seconds. */
export async function accountsCommand(
  settings: StoreSettings,
  args: string[],
  flags: RewardFlags,
  json: boolean,
  out: Out,
): Promise<number> {
  const [action, network, account] = args;
  const store = await openConfiguredStore(settings);
  try {
    if (action === 'add' && network && account) {
      const source = resolveSourceId(network);
      await store.addRewardAccount({ source, account, label: flags.label ?? null }, Date.now());
      for (const device of flags.devices) await store.linkRewardAccountDevice(source, account, device);
      const linked = flags.devices.length > 0 ? `, linked to ${flags.devices.join(', ')}` : '';
      out(
        json
          ? JSON.stringify({ source, account, devices: flags.devices })
          : `added ${source} ${account}${linked}`,
      );
      return 0;
    }
    if (action === 'list') {
      const accounts = await store.listRewardAccounts();
      if (json) out(JSON.stringify(accounts));
      else
        for (const a of accounts) out(`${a.source}\t${a.account}\t${a.label ?? ''}\t${a.devices.join(',')}`);
      return 0;
    }
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, `usage:\n${ACCOUNTS_USAGE}`);
  } finally {
    await store.close();
  }
}
