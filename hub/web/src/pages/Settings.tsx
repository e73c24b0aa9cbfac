import { useEffect, useState } from 'preact/hooks';
import { api, apiOptional } from '../api.js';
import { FieldEditor } from '../components/FieldEditor.js';
import { ErrorNote, Waiting } from '../components/Status.js';
import { dayKey } from '../format.js';
import { useLoad } from '../live.js';
import { Accounts } from './Accounts.js';
import { AddDevice } from './AddDevice.js';

interface Tariff {
  effectiveFrom: string;
  pricePerKwh?: string;
  defaultPricePerKwh?: string;
  bands?: unknown[];
}
interface EarningsSettings {
  timeZone: string;
  currency: string;
  tariffs: Tariff[];
  [key: string]: unknown;
}
/** GET may wrap the settings ({settings, sources}) or return them bare. */
type SettingsBody = EarningsSettings | { settings: EarningsSettings; sources?: Record<string, string> };
const unwrap = (b: SettingsBody): EarningsSettings =>
  'settings' in b && typeof b.settings === 'object'
    ? (b.settings as EarningsSettings)
    : (b as EarningsSettings);

function Tariffs() {
  const loaded = useLoad(() => apiOptional<SettingsBody>('/api/v1/settings/earnings'), []);
  const [draft, setDraft] = useState<EarningsSettings | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rewrite, setRewrite] = useState(false);
  useEffect(() => setDraft(loaded.data ? unwrap(loaded.data) : null), [loaded.data]);
  if (loaded.data === null && !loaded.loading && !loaded.error)
    return <Waiting what="Editing tariffs" route="GET/PUT /api/v1/settings/earnings" />;
  if (!draft) return <ErrorNote error={loaded.error} />;
  const setTariff = (i: number, t: Tariff) =>
    setDraft({ ...draft, tariffs: draft.tariffs.map((x, j) => (j === i ? t : x)) });
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNote(null);
    try {
      const saved = await api<SettingsBody>(`/api/v1/settings/earnings?rewrite_history=${rewrite}`, {
        method: 'PUT',
        body: { tariffs: draft.tariffs },
      });
      if (saved) setDraft(unwrap(saved));
      setNote('Saved. Earnings are being recomputed.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form onSubmit={save} aria-labelledby="tariffs-h">
      <p class="muted">
        Currency <strong>{draft.currency}</strong> · days cut in <strong>{draft.timeZone}</strong>. A tariff
        applies from its first day until the next one.
      </p>
      <div class="table-wrap">
        <table class="tariffs">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Price per kWh ({draft.currency})</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.tariffs.map((t, i) => (
              <tr key={i}>
                <td>
                  <input
                    aria-label={`Tariff ${i + 1} first day`}
                    type="date"
                    required
                    value={t.effectiveFrom}
                    onInput={(e) => setTariff(i, { ...t, effectiveFrom: e.currentTarget.value })}
                  />
                </td>
                <td>
                  {t.bands ? (
                    <span class="muted">
                      time-of-use ({t.bands.length} bands, default {t.defaultPricePerKwh ?? '—'})
                    </span>
                  ) : (
                    <input
                      aria-label={`Tariff ${i + 1} price per kWh`}
                      name="pricePerKwh"
                      inputMode="decimal"
                      required
                      pattern="[0-9]+(\.[0-9]+)?"
                      value={t.pricePerKwh ?? ''}
                      onInput={(e) => setTariff(i, { ...t, pricePerKwh: e.currentTarget.value })}
                    />
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    class="button ghost"
                    aria-label={`Remove tariff ${i + 1}`}
                    onClick={() => setDraft({ ...draft, tariffs: draft.tariffs.filter((_, j) => j !== i) })}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label class="check">
        <input type="checkbox" checked={rewrite} onChange={(e) => setRewrite(e.currentTarget.checked)} />
        <span>Also recompute past days (a changed tariff that already took effect rewrites history)</span>
      </label>
      <ErrorNote error={error} />
      <div class="actions">
        <button
          type="button"
          class="button ghost"
          onClick={() =>
            setDraft({
              ...draft,
              tariffs: [...draft.tariffs, { effectiveFrom: dayKey(new Date()), pricePerKwh: '0.15' }],
            })
          }
        >
          Add tariff
        </button>
        <button type="submit" class="button">
          Save tariffs
        </button>
        <span role="status">{note}</span>
      </div>
    </form>
  );
}

type Channels = { channels: Array<Record<string, unknown>> };

function Channels() {
  const data = useLoad(() => apiOptional<Channels>('/api/v1/alerts/channels'), []);
  const [draft, setDraft] = useState<Channels | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(data.data), [data.data]);
  if (data.data === null && !data.loading && !data.error)
    return <Waiting what="Editing notification channels" route="GET/PUT /api/v1/alerts/channels" />;
  if (!draft) return <ErrorNote error={data.error} />;
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      setDraft(
        await api<Channels>('/api/v1/alerts/channels', { method: 'PUT', body: { channels: draft.channels } }),
      );
      setNote('Channels saved.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form onSubmit={save}>
      {draft.channels.length === 0 && <p class="empty">No notification channel.</p>}
      {draft.channels.map((c, i) => (
        <fieldset class="card" key={String(c.id ?? c.channel ?? i)}>
          <legend>
            {String(c.channel ?? c.id ?? c.type)} ({String(c.type ?? '')})
          </legend>
          <FieldEditor
            idPrefix={`channel-${i}`}
            value={c}
            onChange={(next) => setDraft({ channels: draft.channels.map((x, j) => (j === i ? next : x)) })}
          />
        </fieldset>
      ))}
      <ErrorNote error={error} />
      {draft.channels.length > 0 && (
        <div class="actions">
          <button type="submit" class="button">
            Save channels
          </button>
          <span role="status">{note}</span>
        </div>
      )}
    </form>
  );
}

export function SettingsPage() {
  return (
    <>
      <header class="page-head">
        <h1>Settings</h1>
      </header>
      <section aria-labelledby="tariffs-h">
        <h2 id="tariffs-h">Electricity tariffs</h2>
        <Tariffs />
      </section>
      <section aria-labelledby="add-device-h" id="add-device">
        <h2 id="add-device-h">Add a device</h2>
        <AddDevice />
      </section>
      <section aria-labelledby="accounts-h">
        <h2 id="accounts-h">Reward accounts and devices</h2>
        <Accounts />
      </section>
      <section aria-labelledby="channels-h">
        <h2 id="channels-h">Notification channels</h2>
        <Channels />
      </section>
    </>
  );
}
