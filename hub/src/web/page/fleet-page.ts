import type { DeviceView } from '../device-view.js';
import { escapeHtml, formatAgo, formatBytes, formatDuration } from './format.js';

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --muted: #6e7781; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.3rem; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid color-mix(in srgb, currentColor 15%, transparent); }
th { font-weight: 600; font-size: .85rem; color: var(--muted); }
.state { font-weight: 600; }
.state-online { color: var(--ok); } .state-offline { color: var(--bad); } .state-unknown { color: var(--muted); }
.empty { color: var(--muted); padding: 2rem 0; }
@media (max-width: 40rem) { .wide { display: none; } }
`;

function row(device: DeviceView, now: number): string {
  const latest = device.latest;
  const memory = latest
    ? `${formatBytes(latest.mem_used_bytes)} / ${formatBytes(latest.mem_total_bytes)}`
    : '–';
  const rootDisk = latest?.disks.find((d) => d.mount === '/') ?? latest?.disks[0];
  const disk = rootDisk ? `${formatBytes(rootDisk.used_bytes)} / ${formatBytes(rootDisk.size_bytes)}` : '–';
  const cpu = latest?.cpu_load_pct == null ? '–' : `${latest.cpu_load_pct.toFixed(0)}%`;
  const name = device.name ?? device.meta?.hostname ?? device.device_id;
  return `<tr data-device-id="${escapeHtml(device.device_id)}">
  <td><strong>${escapeHtml(name)}</strong><br><small>${escapeHtml(device.device_id)}</small></td>
  <td class="state state-${device.state}">${device.state}</td>
  <td>${cpu}</td><td>${memory}</td><td class="wide">${disk}</td>
  <td class="wide">${latest ? formatDuration(latest.uptime_s) : '–'}</td>
  <td>${formatAgo(device.last_seen_ms, now)}</td>
</tr>`;
}

/** Server-rendered fleet page: readable without JavaScript, refreshes itself every 10 s. */
export function renderFleetPage(devices: readonly DeviceView[], now: number): string {
  const body =
    devices.length === 0
      ? '<p class="empty">No device has reported yet. Start an agent: <code>nodetally-agent run --hub-url mqtt://&lt;this host&gt;:1883</code></p>'
      : `<table>
<thead><tr><th scope="col">Device</th><th scope="col">State</th><th scope="col">CPU</th><th scope="col">Memory</th>
<th scope="col" class="wide">Disk</th><th scope="col" class="wide">Uptime</th><th scope="col">Last seen</th></tr></thead>
<tbody>
${devices.map((device) => row(device, now)).join('\n')}
</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10">
<title>nodetally — ${devices.length} device${devices.length === 1 ? '' : 's'}</title>
<style>${STYLE}</style></head>
<body><main><h1>nodetally fleet</h1>
${body}
</main></body></html>`;
}
