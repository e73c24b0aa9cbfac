import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import { type Gpu, type Meta, SCHEMA_VERSION } from '@nodetally/shared';
import { loadSysinfo } from './collectors/systeminformation.js';

const require = createRequire(import.meta.url);
export const AGENT_VERSION: string = (require('../package.json') as { version: string }).version;

/**
 * Distribution name and version from os-release(5), as systeminformation's osInfo() reports them
 * (`Debian GNU/Linux` `12`, `Ubuntu` `22.04.4 LTS`): the release is PRETTY_NAME after NAME, without a
 * `(codename)`, else VERSION_ID.
 */
export function parseOsRelease(text: string): { distro: string; release: string } | null {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) fields.set(match[1], match[2].replace(/^["']|["']$/g, ''));
  }
  const distro = fields.get('NAME');
  if (!distro) return null;
  const pretty = fields.get('PRETTY_NAME') ?? '';
  const fromPretty = pretty.startsWith(`${distro} `)
    ? pretty
        .slice(distro.length + 1)
        .split('(')[0]
        ?.trim()
    : '';
  return { distro, release: fromPretty || fields.get('VERSION_ID') || '' };
}

/**
 * On Linux the os-release file is read directly; systeminformation (a few MB of resident memory,
 * and a shell plus `cat` per call) is loaded only on other platforms.
 */
async function osInfo(): Promise<{ distro: string; release: string } | null> {
  if (process.platform === 'linux') {
    for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
      const parsed = await readFile(path, 'utf8').then(parseOsRelease, () => null);
      if (parsed) return parsed;
    }
    return null;
  }
  return (await loadSysinfo()).osInfo().catch(() => null);
}

/** Static inventory, gathered once at start and then hourly; it is not repeated in every Sample. */
export interface MetaContext {
  intervalS: number;
  meteredIface?: string | undefined;
  gpus?: readonly Gpu[] | undefined;
}

export async function collectMeta(deviceId: string, context: MetaContext): Promise<Meta> {
  const os = await osInfo().catch(() => null);
  const cpuList = cpus();
  return {
    v: SCHEMA_VERSION,
    device_id: deviceId,
    ts: Date.now(),
    hostname: hostname().slice(0, 256),
    os: (os ? `${os.distro} ${os.release}`.trim() : process.platform).slice(0, 256),
    kernel: release().slice(0, 256),
    arch: arch(),
    cpu_model: (cpuList[0]?.model ?? 'unknown').trim().slice(0, 256),
    cpu_cores: cpuList.length,
    mem_total_bytes: totalmem(),
    agent_version: AGENT_VERSION,
    interval_s: context.intervalS,
    metered_iface: context.meteredIface ?? null,
    ...(context.gpus
      ? {
          gpus: context.gpus.map(({ vendor, uuid, name, mem_total_bytes }) => ({
            vendor,
            uuid,
            name,
            mem_total_bytes,
          })),
        }
      : {}),
  };
}
