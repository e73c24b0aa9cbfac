import type { FluxWorkload } from '@nodetally/shared';
import { asObject, count, type Json, nonNegative, num, str } from '../json.js';

/** FluxOS wraps every answer as `{status: 'success', data}` (ZelBack messageHelper.createDataMessage). */
export function unwrapFluxData(json: unknown): Json | null {
  const envelope = asObject(json);
  return envelope?.status === 'success' ? asObject(envelope.data) : null;
}

type FluxFields = Omit<FluxWorkload, 'network' | 'running' | 'source' | 'matched'>;

/** `fluxbench-cli getstatus` (FluxOS GET /benchmark/getstatus). */
export function parseBenchStatus(data: Json | null): Partial<FluxFields> {
  // 2020 fluxbench called the FluxOS link `zelback`; later versions `flux`.
  const link = str(data, 'flux') ?? str(data, 'zelback');
  return {
    bench_status: str(data, 'status'),
    bench_result: str(data, 'benchmarking'),
    flux_connected: link === null ? null : link === 'connected',
  };
}

/**
 * `fluxbench-cli getbenchmarks` (FluxOS GET /benchmark/getbenchmarks). Units as fluxbench reports
 * them: ram and disk in GB, disk write in MB/s, network in Mb/s. 2020 versions had `ssd` + `hdd` and
 * `ddwrite` where later ones have `disk` and `diskwritespeed`.
 */
export function parseBenchmarks(data: Json | null): Partial<FluxFields> {
  const ssd = num(data, 'ssd');
  const hdd = num(data, 'hdd');
  const legacyDisk = ssd === null && hdd === null ? null : (ssd ?? 0) + (hdd ?? 0);
  const time = count(data, 'time');
  return {
    tier: str(data, 'status'),
    bench_cores: count(data, 'cores'),
    bench_ram_gb: nonNegative(num(data, 'ram')),
    bench_disk_gb: nonNegative(num(data, 'disk') ?? legacyDisk),
    bench_disk_write_mb_s: nonNegative(num(data, 'diskwritespeed') ?? num(data, 'ddwrite')),
    bench_eps: nonNegative(num(data, 'eps')),
    bench_download_mbps: nonNegative(num(data, 'download_speed')),
    bench_upload_mbps: nonNegative(num(data, 'upload_speed')),
    bench_at_ms: time === null ? null : time * 1000,
  };
}

/** Daemon `getfluxnodestatus` (FluxOS GET /daemon/getfluxnodestatus): confirmation state of the node. */
export function parseNodeStatus(data: Json | null): Partial<FluxFields> {
  return {
    node_status: str(data, 'status'),
    last_confirmed_height: count(data, 'last_confirmed_height'),
  };
}
