// The ingest benchmark's summary table on stdout.
const f = (x, d = 0) => (x === null || x === undefined ? '-' : Number(x).toFixed(d));

function row(devices, path, r) {
  return [
    `${devices}`,
    path,
    f(r.samples_per_s),
    f(r.confirm_latency_ms.p50, 1),
    f(r.confirm_latency_ms.p99, 1),
    f(r.rss_peak_mb, 1),
    f(r.rss_per_connection_kb, 1),
    f(r.cpu_us_per_sample),
  ];
}

export function printTable(result) {
  const rows = [];
  for (const r of result.runs) {
    if (r.hub) rows.push(row(r.devices, 'hub (ack after commit)', r.hub));
    if (r.mosquitto) rows.push(row(r.devices, 'mosquitto (delivery)', r.mosquitto));
    if (r.ratio_hub_to_mosquitto)
      rows.push([`${r.devices}`, 'ratio hub / mosquitto', f(r.ratio_hub_to_mosquitto, 2)]);
  }
  const lat = result.latency_at_rate;
  if (lat) {
    rows.push(row(lat.devices, `hub at ${lat.rate_per_s}/s`, lat.hub));
    rows.push(row(lat.devices, `mosquitto at ${lat.rate_per_s}/s`, lat.mosquitto));
  }
  const so = result.scaleout;
  if (so) {
    rows.push([
      `${so.devices ?? ''}`,
      `scale-out: ${so.workers} workers + PG`,
      f(so.samples_per_s),
      f(so.confirm_latency_ms.p50, 1),
      f(so.confirm_latency_ms.p99, 1),
    ]);
    for (const w of so.per_worker)
      rows.push([
        '',
        `  worker ${w.worker}`,
        f(w.samples_per_s),
        '',
        '',
        f(w.rss_peak_mb, 1),
        '',
        f(
          w.cpu_s_in_window &&
            (w.cpu_s_in_window * 1e6) / Math.max(1, w.samples_per_s * result.settings.duration_s),
        ),
      ]);
  }
  const head = [
    'devices',
    'path',
    'samples/s',
    'p50 ms',
    'p99 ms',
    'peak RSS MB',
    'KB/conn',
    'CPU µs/sample',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  '));
  for (const t of result.targets ?? [])
    console.log(`target: ${t.name} ${t.target}: ${f(t.value)} ${t.met ? 'met' : 'MISSED'}`);
}
