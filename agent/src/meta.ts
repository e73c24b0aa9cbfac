import { createRequire } from 'node:module';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import { type Meta, SCHEMA_VERSION } from '@nodetally/shared';
import si from 'systeminformation';

const require = createRequire(import.meta.url);
export const AGENT_VERSION: string = (require('../package.json') as { version: string }).version;

/** Static inventory, gathered once at start and then hourly; it is not repeated in every Sample. */
export async function collectMeta(deviceId: string, intervalS: number): Promise<Meta> {
  const os = await si.osInfo().catch(() => null);
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
    interval_s: intervalS,
  };
}
