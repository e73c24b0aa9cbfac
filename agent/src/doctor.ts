import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Logger } from 'pino';
import { createCollectors } from './collectors/registry.js';
import type { Collector } from './collectors/types.js';
import type { AgentConfig } from './config.js';
import { AGENT_VERSION } from './meta.js';
import { defaultDeviceId, expandHome } from './state.js';

export const HUB_CHECK_TIMEOUT_MS = 5_000;

export type HubCheck =
  | { status: 'connected' }
  | { status: 'refused'; reason: string; code: number }
  | { status: 'unreachable'; reason: string };

export interface CollectorCheck {
  id: string;
  enabled: boolean;
  reason?: string;
}

export interface DoctorReport {
  agent_version: string;
  device_id: string;
  /** false when the state dir holds no state.json yet: `run` will create it with this id. */
  device_id_saved: boolean;
  state_dir: string;
  collectors: CollectorCheck[];
  hub: { url: string; username: string | null } & HubCheck;
}

/**
 * Connects once with the configured credentials and disconnects: a clean session, no Last Will and
 * nothing published, so the hub neither stores anything nor sees the device go online or offline.
 * Its own client id keeps a running agent on this device from being kicked off the broker.
 */
export async function checkHub(
  config: Pick<AgentConfig, 'hubUrl' | 'username' | 'password' | 'caFile'>,
  deviceId: string,
  timeoutMs = HUB_CHECK_TIMEOUT_MS,
): Promise<HubCheck> {
  const client = mqtt.connect(config.hubUrl, {
    clientId: `nodetally-doctor-${deviceId}-${process.pid}`.slice(0, 128),
    username: hubUsername(config, deviceId),
    password: config.password,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: timeoutMs,
    ...(config.caFile ? { ca: readFileSync(expandHome(config.caFile)) } : {}),
  });
  const result = await new Promise<HubCheck>((resolve) => {
    const timer = setTimeout(
      () => resolve({ status: 'unreachable', reason: `no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    const settle = (check: HubCheck) => {
      clearTimeout(timer);
      resolve(check);
    };
    client.once('connect', () => settle({ status: 'connected' }));
    client.on('error', (error: Error & { code?: unknown }) => {
      // mqtt.js reports a CONNACK refusal as "Connection refused: <reason>" with the numeric code.
      if (typeof error.code === 'number') {
        const reason = error.message.replace(/^Connection refused:\s*/, '');
        settle({ status: 'refused', reason: reason.toLowerCase(), code: error.code });
      } else settle({ status: 'unreachable', reason: error.message });
    });
    client.once('close', () =>
      settle({ status: 'unreachable', reason: 'connection closed before the hub answered' }),
    );
  });
  if (result.status === 'connected') await client.endAsync(false).catch(() => client.end(true));
  else client.end(true);
  return result;
}

/** As the publisher does: the hub knows a device by its id, so with only a token the id is the username. */
export function hubUsername(
  config: Pick<AgentConfig, 'username' | 'password'>,
  deviceId: string,
): string | undefined {
  return config.username ?? (config.password ? deviceId : undefined);
}

/** Device id as `run` would use it, read without creating or rewriting the state file. */
export function peekDeviceId(stateDir: string, configured?: string): { deviceId: string; saved: boolean } {
  let saved: string | undefined;
  try {
    const parsed = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as { device_id?: unknown };
    if (typeof parsed.device_id === 'string') saved = parsed.device_id;
  } catch {
    saved = undefined;
  }
  return { deviceId: configured ?? saved ?? defaultDeviceId(), saved: saved !== undefined };
}

async function checkCollectors(collectors: readonly Collector[]): Promise<CollectorCheck[]> {
  const checks: CollectorCheck[] = [];
  // In registry order, one after another, as the sampler probes them at start.
  for (const collector of collectors) {
    const result = await collector
      .probe()
      .catch((error: Error) => ({ ok: false as const, reason: error.message }));
    checks.push(
      result.ok
        ? { id: collector.id, enabled: true }
        : { id: collector.id, enabled: false, reason: result.reason },
    );
  }
  return checks;
}

/** `nodetally-agent doctor`: what this agent would do, and whether the hub takes its credentials. */
export async function runDoctor(config: AgentConfig, log: Logger): Promise<DoctorReport> {
  const stateDir = config.stateDir.replace(/^~(?=$|\/)/, homedir());
  const { deviceId, saved } = peekDeviceId(stateDir, config.deviceId);
  const [collectors, hub] = await Promise.all([
    checkCollectors(createCollectors(config, log)),
    checkHub(config, deviceId),
  ]);
  return {
    agent_version: AGENT_VERSION,
    device_id: deviceId,
    device_id_saved: saved,
    state_dir: stateDir,
    collectors,
    hub: { url: config.hubUrl, username: hubUsername(config, deviceId) ?? null, ...hub },
  };
}

export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.collectors.map((c) => c.id.length), 4);
  const lines = [
    `nodetally-agent ${report.agent_version}`,
    `device id   ${report.device_id}${report.device_id_saved ? '' : ' (new: saved on the first run)'}`,
    `state dir   ${report.state_dir}`,
    '',
    'collectors',
    ...report.collectors.map(
      (c) => `  ${c.id.padEnd(width)}  ${c.enabled ? 'on' : `off  ${c.reason ?? ''}`.trimEnd()}`,
    ),
    '',
    `hub         ${report.hub.url}${report.hub.username ? ` as ${report.hub.username}` : ''}`,
    `            ${describeHub(report.hub)}`,
  ];
  return `${lines.join('\n')}\n`;
}

function describeHub(hub: HubCheck): string {
  if (hub.status === 'connected') return 'connected';
  if (hub.status === 'refused') return `refused: ${hub.reason} (code ${hub.code})`;
  return `unreachable: ${hub.reason}`;
}
