import { useEffect, useState } from 'preact/hooks';
import { api, apiOptional } from '../api.js';
import { type Column, DataTable } from '../components/DataTable.js';
import { FieldEditor } from '../components/FieldEditor.js';
import { ErrorNote, Waiting } from '../components/Status.js';
import { dateTime } from '../format.js';
import { useLoad } from '../live.js';
import type { AlertsView } from '../types.js';

interface Rules {
  /** Per rule kind (offline, earnings-drop, …): its settings, config overlaid by what was saved. */
  rules: Record<string, Record<string, unknown>>;
  catalog: Array<{ kind: string; title: string; type: string }>;
}

function RuleEditor() {
  const loaded = useLoad(() => apiOptional<Rules>('/api/v1/alerts/rules'), []);
  const [draft, setDraft] = useState<Rules | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(loaded.data), [loaded.data]);
  if (loaded.data === null && !loaded.loading && !loaded.error)
    return <Waiting what="The rule editor" route="GET/PUT /api/v1/alerts/rules" />;
  if (!draft) return <ErrorNote error={loaded.error} />;
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNote(null);
    try {
      setDraft(await api<Rules>('/api/v1/alerts/rules', { method: 'PUT', body: { rules: draft.rules } }));
      setNote('Rules saved.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const title = (kind: string) => draft.catalog.find((c) => c.kind === kind)?.title;
  return (
    <form onSubmit={save} class="rules">
      {Object.entries(draft.rules).map(([kind, rule]) => (
        <fieldset class="card" key={kind}>
          <legend>{kind}</legend>
          {title(kind) && <p class="muted">{title(kind)}</p>}
          <FieldEditor
            idPrefix={`rule-${kind}`}
            value={rule}
            onChange={(next) => setDraft({ ...draft, rules: { ...draft.rules, [kind]: next } })}
          />
        </fieldset>
      ))}
      <ErrorNote error={error} />
      <div class="actions">
        <button class="button" type="submit">
          Save rules
        </button>
        <span role="status">{note}</span>
      </div>
    </form>
  );
}

type HistoryEntry = AlertsView['history'][number];

const HISTORY_COLUMNS: Array<Column<HistoryEntry>> = [
  { key: 'when', header: 'When', cell: (h) => dateTime(h.ts_ms) },
  { key: 'rule', header: 'Rule', cell: (h) => h.rule },
  {
    key: 'device',
    header: 'Device',
    cell: (h) => <a href={`/devices/${encodeURIComponent(h.device_id)}`}>{h.device_id}</a>,
  },
  {
    key: 'change',
    header: 'Change',
    cell: (h) => (
      <>
        {h.from} → {h.to}
      </>
    ),
  },
  { key: 'message', header: 'Message', cell: (h) => h.message },
];

export function AlertsPage() {
  const alerts = useLoad(() => api<AlertsView>('/api/v1/alerts?limit=100'), [], { liveEvents: ['alert'] });
  const a = alerts.data;
  return (
    <>
      <header class="page-head">
        <h1>Alerts</h1>
        {a && !a.enabled && <p class="muted">Alerting is off in this hub's configuration.</p>}
      </header>
      <ErrorNote error={alerts.error} />
      <section aria-labelledby="active-h">
        <h2 id="active-h">Active</h2>
        {a && a.active.length === 0 && <p class="empty">Nothing is firing.</p>}
        <ul class="alert-list">
          {a?.active.map((x) => (
            <li class={`card sev-${x.severity}`} key={`${x.rule}-${x.device_id}`}>
              <strong>{x.rule}</strong> ·{' '}
              <a href={`/devices/${encodeURIComponent(x.device_id)}`}>{x.name ?? x.device_id}</a>
              <span class="chip">{x.phase}</span>
              <p>{x.summary}</p>
              <span class="sub">since {dateTime(x.since_ms)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        {a && (
          <DataTable
            columns={HISTORY_COLUMNS}
            rows={a.history}
            rowKey={(h) => `${h.ts_ms}-${h.rule}-${h.device_id}`}
            empty="No alert has changed state yet."
          />
        )}
      </section>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Rules</h2>
        <RuleEditor />
      </section>
    </>
  );
}
