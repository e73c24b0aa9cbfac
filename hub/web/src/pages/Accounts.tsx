import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { type Column, DataTable } from '../components/DataTable.js';
import { ErrorNote } from '../components/Status.js';
import { ago } from '../format.js';
import { useLoad } from '../live.js';
import type { DeviceListEntry } from '../types.js';

interface Account {
  source: string;
  network: string;
  account: string;
  label: string | null;
  devices: string[];
  last_success_ms: number | null;
  last_error: string | null;
}

const accountKey = (a: Account) => `${a.source}/${a.account}`;

function lastSync(a: Account) {
  if (a.last_error)
    return (
      <span class="chip chip-warn" title={a.last_error}>
        failing
      </span>
    );
  return a.last_success_ms ? ago(a.last_success_ms) : 'never';
}

interface Linking {
  deviceIds: string[];
  /** The device picked in each account's "link a device" select, by account key. */
  choice: Record<string, string>;
  setChoice: (choice: Record<string, string>) => void;
  change: (method: 'POST' | 'DELETE', a: Account, deviceId: string) => void;
}

// A plain function, not a component: a component made inside the page would remount (and drop focus) on each render.
function linkedDevices(a: Account, { deviceIds, choice, setChoice, change }: Linking) {
  const key = accountKey(a);
  const free = deviceIds.filter((d) => !a.devices.includes(d));
  return (
    <>
      {a.devices.map((d) => (
        <span class="chip" key={d}>
          <a href={`/devices/${encodeURIComponent(d)}`}>{d}</a>{' '}
          <button
            type="button"
            class="link-button"
            aria-label={`Unlink ${d} from ${a.account}`}
            onClick={() => change('DELETE', a, d)}
          >
            ✕
          </button>
        </span>
      ))}
      {free.length > 0 && (
        <span class="inline-form">
          <select
            aria-label={`Device to link to ${a.account}`}
            value={choice[key] ?? ''}
            onChange={(e) => setChoice({ ...choice, [key]: e.currentTarget.value })}
          >
            <option value="">link a device…</option>
            {free.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="button ghost"
            disabled={!choice[key]}
            onClick={() => choice[key] && change('POST', a, choice[key])}
          >
            Link
          </button>
        </span>
      )}
    </>
  );
}

function accountColumns(linking: Linking): Array<Column<Account>> {
  return [
    {
      key: 'account',
      header: 'Account',
      cell: (a) => (
        <code title={a.account}>
          {a.label ?? (a.account.length > 18 ? `${a.account.slice(0, 16)}…` : a.account)}
        </code>
      ),
    },
    { key: 'network', header: 'Network', cell: (a) => a.network },
    { key: 'devices', header: 'Devices', cell: (a) => linkedDevices(a, linking) },
    { key: 'sync', header: 'Last sync', cell: lastSync },
  ];
}

/** Reward accounts ↔ devices: GET /api/v1/accounts, POST/DELETE /api/v1/accounts/devices. */
export function Accounts() {
  const data = useLoad(
    () =>
      Promise.all([
        api<{ accounts: Account[] }>('/api/v1/accounts'),
        api<{ devices: DeviceListEntry[] }>('/api/v1/devices'),
      ]),
    [],
  );
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [accounts, devices] = data.data ?? [[], []];
  const list = 'accounts' in accounts ? accounts.accounts : [];
  const deviceIds = 'devices' in devices ? devices.devices.map((d) => d.device_id) : [];
  const change = async (method: 'POST' | 'DELETE', a: Account, deviceId: string) => {
    setError(null);
    const link = { source: a.source, account: a.account, device_id: deviceId };
    try {
      if (method === 'POST') await api('/api/v1/accounts/devices', { method, body: link });
      else await api(`/api/v1/accounts/devices?${new URLSearchParams(link)}`, { method });
      data.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const columns = accountColumns({ deviceIds, choice, setChoice, change });
  return (
    <>
      <ErrorNote error={data.error ?? error} />
      <DataTable
        class="accounts"
        columns={columns}
        rows={list}
        rowKey={accountKey}
        empty={
          data.loading
            ? 'Loading…'
            : 'No reward account yet (add them in the hub config or with POST /api/v1/accounts).'
        }
      />
    </>
  );
}
