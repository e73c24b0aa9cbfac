// Reads each benchmark's result JSON and turns it into rows {figure, value, unit, target, met} for
// bench/results/summary.json and the table `pnpm bench` prints. A benchmark may also carry its own
// `targets: [{name, value, target, met}]`; those rows are taken as they are.
const round = (x, d = 1) => (typeof x === 'number' ? Math.round(x * 10 ** d) / 10 ** d : (x ?? null));
const row = (figure, value, unit, target = null, met = null, digits = 1) => ({
  figure,
  value: round(value, digits),
  unit,
  target,
  met,
});

function ingest(r) {
  const rows = [];
  for (const run of r.runs ?? []) {
    const n = run.devices;
    if (run.hub) {
      rows.push(
        row(
          `hub samples/s durable, ${n} devices`,
          run.hub.samples_per_s,
          'samples/s',
          '>= 20000',
          run.hub.samples_per_s >= 20000,
        ),
      );
      rows.push(
        row(
          `hub publish→ack p50 / p99, ${n} devices`,
          `${round(run.hub.confirm_latency_ms.p50)} / ${round(run.hub.confirm_latency_ms.p99)}`,
          'ms',
        ),
      );
      rows.push(row(`hub peak RSS, ${n} devices`, run.hub.rss_peak_mb, 'MB'));
      rows.push(row(`hub memory per idle connection, ${n} devices`, run.hub.rss_per_connection_kb, 'KB'));
    }
    if (run.mosquitto) {
      rows.push(row(`mosquitto relay samples/s, ${n} devices`, run.mosquitto.samples_per_s, 'samples/s'));
      rows.push(
        row(`mosquitto memory per idle connection, ${n} devices`, run.mosquitto.rss_per_connection_kb, 'KB'),
      );
    }
    if (run.ratio_hub_to_mosquitto)
      rows.push(row(`ratio hub / mosquitto, ${n} devices`, run.ratio_hub_to_mosquitto, '×', null, null, 2));
  }
  const lat = r.latency_at_rate;
  if (lat) {
    const l = (x) => `${round(x.confirm_latency_ms.p50)} / ${round(x.confirm_latency_ms.p99)}`;
    rows.push(
      row(
        `hub publish→ack p50 / p99 at ${lat.rate_per_s}/s, ${lat.devices} devices (achieved ${round(lat.hub.samples_per_s, 0)}/s)`,
        l(lat.hub),
        'ms',
      ),
    );
    rows.push(
      row(
        `mosquitto publish→delivery p50 / p99 at ${lat.rate_per_s}/s (achieved ${round(lat.mosquitto.samples_per_s, 0)}/s)`,
        l(lat.mosquitto),
        'ms',
      ),
    );
  }
  const so = r.scaleout;
  if (so) {
    rows.push(
      row(
        `scale-out samples/s: mosquitto + ${so.workers} workers + PostgreSQL, ${so.devices} devices`,
        so.samples_per_s,
        'samples/s',
      ),
    );
    for (const w of so.per_worker)
      rows.push(
        row(
          `  worker ${w.worker}: samples/s, CPU s in ${r.settings.duration_s} s window`,
          `${w.samples_per_s}, ${round(w.cpu_s_in_window)}`,
          '',
        ),
      );
  }
  return rows;
}

function agentFootprint(r) {
  return [
    row('agent CPU per sample', r.agent?.cpu_ms_per_sample, 'ms'),
    row('node_exporter CPU per scrape', r.node_exporter?.cpu_ms_per_scrape, 'ms'),
    row(
      'agent / node_exporter CPU',
      r.ratios?.cpu_per_sample_vs_per_scrape,
      '×',
      '<= 1',
      r.ratios?.cpu_per_sample_vs_per_scrape <= 1,
      2,
    ),
    row(
      'agent RSS (private)',
      `${r.agent?.rss_mb} (${r.agent?.private_rss_mb})`,
      'MB',
      '<= 60 (RSS)',
      r.agent?.rss_mb <= 60,
    ),
    row(
      'node_exporter RSS (private)',
      `${r.node_exporter?.rss_mb} (${r.node_exporter?.private_rss_mb})`,
      'MB',
    ),
  ];
}

function earnings(r) {
  const days = r.settings?.days;
  return (r.runs ?? []).flatMap((run) => {
    const n = run.devices ?? run.fleet;
    const d = run.days ?? days;
    const ms = run.range_compute_ms ?? run.compute_ms;
    const target = n >= 10000 && d >= 90 ? '< 2000' : null;
    const rows = [
      row(
        `earnings recompute, ${n} devices × ${d} days (compute)`,
        ms,
        'ms',
        target,
        target ? ms < 2000 : null,
      ),
    ];
    if (run.range_ms !== undefined) rows.push(row(`  same, with store read + parse`, run.range_ms, 'ms'));
    if (run.snapshot_ms !== undefined)
      rows.push(row(`  fleet earnings snapshot (service refresh), ${n} devices`, run.snapshot_ms, 'ms'));
    return rows;
  });
}

function storage(r) {
  const s = r.summary ?? {};
  const max = r.target?.max_bytes_per_device_per_day ?? 50 * 1024;
  // Growth of everything but the raw window (a constant rawRetentionDays of samples): the hour-aligned
  // raw deletes make the whole file's day-to-day difference noise, sometimes negative.
  const rolled = s.with_rollups_non_raw_growth_bytes_per_device_per_day;
  return [
    row('storage growth, raw samples only', s.raw_bytes_per_device_per_day / 1024, 'KB/device/day'),
    row('raw window held (rawRetentionDays)', s.raw_window_bytes_per_device / 1024 / 1024, 'MB/device'),
    row(
      'storage growth after rollups + retention',
      rolled / 1024,
      'KB/device/day',
      `<= ${max / 1024}`,
      typeof rolled === 'number' ? rolled <= max : null,
    ),
  ];
}

function dashboard(r) {
  return (r.results ?? []).map((x) =>
    row(
      `${x.name} p50 / p99`,
      `${x.p50_ms} / ${x.p99_ms}`,
      'ms',
      x.target_p99_ms ? `p99 < ${x.target_p99_ms}` : null,
      x.pass ?? null,
    ),
  );
}

const EXTRACTORS = {
  ingest,
  'agent-footprint': agentFootprint,
  earnings,
  'earnings-engine': earnings,
  storage,
  dashboard,
};

export function figuresOf(name, result) {
  const own = Array.isArray(result.targets)
    ? result.targets.map((t) => row(t.name, t.value, t.unit ?? '', t.target ?? null, t.met ?? null))
    : [];
  const rows = EXTRACTORS[name]?.(result) ?? [];
  const seen = new Set(rows.map((r) => r.figure));
  return [...rows, ...own.filter((r) => !seen.has(r.figure) && !(name === 'ingest'))];
}
