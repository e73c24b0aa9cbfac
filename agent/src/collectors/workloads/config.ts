import { Type } from '@sinclair/typebox';

const url = (fallback: string, description: string) =>
  Type.String({ default: fallback, pattern: '^https?://', description });

/** Agent config keys of the workloads collector; spread into AgentConfigSchema. */
export const WorkloadConfigProperties = {
  workloadsTimeoutMs: Type.Integer({
    default: 2000,
    minimum: 100,
    maximum: 30_000,
    description: 'timeout of each workload API call (HTTP, Docker socket) in milliseconds',
  }),
  workloadsRediscoverS: Type.Integer({
    default: 300,
    minimum: 0,
    maximum: 86_400,
    description: 'seconds between re-checks for networks not yet seen on this device (0: every sample)',
  }),
  fluxApiUrl: url('http://127.0.0.1:16127', 'FluxOS API base URL'),
  heliumHotspotUrl: url(
    'http://127.0.0.1',
    'base URL of a Helium hotspot diagnostics page (Bobcat /status.json + /miner.json, Nebra /json)',
  ),
  heliumGatewayCommand: Type.String({
    default: 'helium_gateway',
    description: 'gateway-rs binary; `<it> key info` gives the gateway key and name (read once)',
  }),
  heliumPktfwdLog: Type.String({
    default: '',
    description:
      'log of the Semtech lora_pkt_fwd (its stdout); the last `JSON up: {"stat":…}` is read. Empty: off',
  }),
  akashProviderUrl: url('https://127.0.0.1:8443', 'Akash provider gateway base URL (GET /status)'),
  thetaRpcUrl: url('http://127.0.0.1:17888/rpc', 'Theta edge node JSON-RPC URL (edgecore.GetStatus)'),
  lotusMinerCommand: Type.String({
    default: 'lotus-miner',
    description: 'lotus-miner binary for `lotus-miner info` (Filecoin storage provider)',
  }),
  lotusMinerIntervalS: Type.Integer({
    default: 300,
    minimum: 0,
    maximum: 86_400,
    description: 'minimum seconds between `lotus-miner info` runs; samples in between reuse the last result',
  }),
  nosanaApiUrl: url('http://127.0.0.1:5001', 'Nosana node API base URL (GET /node/info)'),
  dockerSocket: Type.String({
    default: '/var/run/docker.sock',
    description: 'Docker Engine API unix socket used to find workload containers',
  }),
  procRoot: Type.String({
    default: '/proc',
    description: 'proc filesystem read for workload processes when Docker is not readable',
  }),
};
