import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

/**
 * What the agent found running on a device, one entry per DePIN network. Every network shares
 * `network`, `running` and `source`; the rest are that network's own readings, all optional and
 * nullable (a container match knows nothing more; a broken API answer gives nulls).
 */
export const WORKLOAD_NETWORKS = [
  'flux',
  'helium',
  'akash',
  'theta',
  'filecoin',
  'nosana',
  'grass',
  'io-net',
  'render',
] as const;
export type WorkloadNetwork = (typeof WORKLOAD_NETWORKS)[number];

export const WorkloadSource = Type.Union([
  Type.Literal('api'),
  Type.Literal('process'),
  Type.Literal('container'),
  Type.Literal('cli'),
]);

const Text = Type.Optional(Nullable(Type.String({ maxLength: 256 })));
const Count = Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })));
const Amount = Type.Optional(Nullable(Type.Number({ minimum: 0 })));
const Flag = Type.Optional(Nullable(Type.Boolean()));
/** Token amounts are integer strings in base units (attoFIL for Filecoin). */
const BaseUnits = Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{1,40}$' })));
const EpochMsField = Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })));

function workload<N extends string, P extends TProperties>(network: N, fields: P) {
  return Type.Object(
    {
      network: Type.Literal(network),
      running: Type.Boolean(),
      source: WorkloadSource,
      /** The container image or process name that matched, for container/process detection. */
      matched: Text,
      ...fields,
    },
    { additionalProperties: false },
  );
}

export const FluxWorkload = workload('flux', {
  node_status: Text, // daemon getfluxnodestatus: CONFIRMED, STARTED, EXPIRED…
  last_confirmed_height: Count,
  bench_status: Text, // fluxbench getstatus.status: online, offline…
  bench_result: Text, // fluxbench getstatus.benchmarking: the tier passed, failed, running…
  flux_connected: Flag, // fluxbench getstatus.zelback (2020) / .flux: "connected"
  tier: Text, // fluxbench getbenchmarks.status: CUMULUS/NIMBUS/STRATUS (2020: BASIC/SUPER/BAMF)
  bench_cores: Count,
  bench_ram_gb: Amount,
  bench_disk_gb: Amount,
  bench_disk_write_mb_s: Amount,
  bench_eps: Amount,
  bench_download_mbps: Amount,
  bench_upload_mbps: Amount,
  bench_at_ms: EpochMsField,
});

export const HeliumWorkload = workload('helium', {
  hotspot_kind: Text, // bobcat, nebra, gateway-rs
  sync_status: Text,
  miner_height: Count,
  blockchain_height: Count,
  sync_gap_blocks: Count,
  sync_pct: Amount,
  animal_name: Text,
  region: Text,
  firmware: Text,
  hotspot_temp_c: Type.Optional(Nullable(Type.Number({ minimum: -100, maximum: 200 }))),
  diagnostics_ok: Flag,
  gateway_key: Text,
  // Semtech packet-forwarder `stat`: counts over the forwarder's last stat interval, not cumulative.
  pktfwd_stat_at: Text,
  pktfwd_rx_packets: Count,
  pktfwd_rx_ok_packets: Count,
  pktfwd_rx_forwarded_packets: Count,
  pktfwd_ack_pct: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))),
  pktfwd_downlink_packets: Count,
  pktfwd_tx_packets: Count,
});

export const AkashWorkload = workload('akash', {
  provider_hostname: Text,
  leases: Count,
  bid_orders: Count,
  manifest_deployments: Count,
  active_cpu_millicores: Count,
  active_memory_bytes: Count,
  active_storage_bytes: Count,
  available_cpu_millicores: Count,
  available_memory_bytes: Count,
  available_storage_bytes: Count,
});

export const ThetaWorkload = workload('theta', {
  address: Text,
  chain_id: Text,
  block_height: Count,
  node_time_ms: EpochMsField,
});

export const FilecoinWorkload = workload('filecoin', {
  miner_id: Text,
  sector_size_bytes: Count,
  // Power totals are printed rounded (e.g. "3.258 TiB"), so bytes here are approximate and may pass 2^53.
  raw_power_bytes: Amount,
  qa_power_bytes: Amount,
  committed_bytes: Amount,
  proving_bytes: Amount,
  faulty_bytes: Amount,
  win_rate_per_day: Amount,
  deals: Count,
  miner_balance_atto_fil: BaseUnits,
  available_balance_atto_fil: BaseUnits,
  worker_balance_atto_fil: BaseUnits,
  sectors_total: Count,
  sectors_proving: Count,
  sectors_faulty: Count,
});

export const NosanaWorkload = workload('nosana', {
  node_address: Text,
  node_state: Text, // RUNNING_JOB, QUEUED, BENCHMARKING… (nosana-cli classifyState)
  node_uptime_s: Amount,
});

export const GrassWorkload = workload('grass', {});
export const IoNetWorkload = workload('io-net', {});
export const RenderWorkload = workload('render', {});

export const Workload = Type.Union([
  FluxWorkload,
  HeliumWorkload,
  AkashWorkload,
  ThetaWorkload,
  FilecoinWorkload,
  NosanaWorkload,
  GrassWorkload,
  IoNetWorkload,
  RenderWorkload,
]);

export type Workload = Static<typeof Workload>;
export type WorkloadSource = Static<typeof WorkloadSource>;
export type FluxWorkload = Static<typeof FluxWorkload>;
export type HeliumWorkload = Static<typeof HeliumWorkload>;
export type AkashWorkload = Static<typeof AkashWorkload>;
export type ThetaWorkload = Static<typeof ThetaWorkload>;
export type FilecoinWorkload = Static<typeof FilecoinWorkload>;
export type NosanaWorkload = Static<typeof NosanaWorkload>;
