import { useState } from 'preact/hooks';
import { api } from '../api.js';
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
  return (
    <>
      <ErrorNote error={data.error ?? error} />
      {list.length === 0 ? (
        <p class="empty">
          {data.loading
            ? 'Loading…'
            : 'No reward account yet (add them in the hub config or with POST /api/v1/accounts).'}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="accounts">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Network</th>
                <th scope="col">Devices</th>
                <th scope="col">Last sync</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => {
                const key = `${a.source}/${a.account}`;
                const free = deviceIds.filter((d) => !a.devices.includes(d));
                return (
                  <tr key={key}>
                    <td>
                      <code title={a.account}>
                        {a.label ?? (a.account.length > 18 ? `${a.account.slice(0, 16)}…` : a.account)}
                      </code>
                    </td>
                    <td>{a.network}</td>
                    <td>
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
                    </td>
                    <td>
                      {a.last_error ? (
                        <span class="chip chip-warn" title={a.last_error}>
                          failing
                        </span>
                      ) : a.last_success_ms ? (
                        ago(a.last_success_ms)
                      ) : (
                        'never'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
