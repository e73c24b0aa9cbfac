// Shapes of the hub's JSON API as the page reads them (hub/src/web/routes/*, /tmp INTERFACES).

/** Exact 6-decimal strings in `currency`; energy null = unknown. */
export interface MoneyTriple {
  gross: string;
  energy: string | null;
  fixed: string;
  net: string;
}

export type DeviceStatus = 'online' | 'offline' | 'unknown';

export interface FleetDevice {
  device_id: string;
  name: string | null;
  status: DeviceStatus;
  last_seen_ms: number;
  networks: string[];
  cpu_pct: number | null;
  gpu_util_pct: number | null;
  power_w: number | null;
  today: MoneyTriple | null;
  month_to_date: MoneyTriple | null;
  projected_month_net: string | null;
  net_by_day: Array<{ day: string; net: string }>;
  uptime_pct_7d: number | null;
  flags: string[];
  change: { pct: string | null; summary: string } | null;
  active_alerts: number;
}

export interface Fleet {
  computed_ms: number;
  currency: string;
  total: number;
  totals: { today: MoneyTriple; month_to_date: MoneyTriple };
  devices: FleetDevice[];
}

type Column = Array<number | null>;

/** GET /api/v1/devices/:id/series: columnar, one value per `ts` (bucket start, ms) in every column. */
export interface Series {
  device_id: string;
  resolution: 'raw' | 'hour' | 'day';
  from: number;
  to: number;
  step_ms: number;
  ts: number[];
  online_pct: Column;
  cpu_pct: Column;
  mem_pct: Column;
  temp_c: Column;
  power_w: Column;
  rx_bps: Column;
  tx_bps: Column;
  gpus: Array<{ index: number; util_pct: Column; temp_c: Column; power_w: Column }>;
}

export interface TokenView {
  network: string;
  token: string;
  amount: string | null;
  value: string;
}

export interface PeriodView {
  period: string;
  gross: string;
  energy_kwh: string;
  energy_cost: string | null;
  fixed: string;
  amortization: string;
  net: string;
  complete: boolean;
  uptime_s: number | null;
  tokens: TokenView[];
}

export interface FlagView {
  kind: string;
  day?: string;
  network?: string;
  account?: string;
  token?: string;
  from?: string;
  to?: string;
  gross?: string;
  cost?: string;
}

export interface DeviceEarnings {
  device: string;
  from: string;
  to: string;
  currency: string;
  total: PeriodView;
  periods: PeriodView[];
  uptime: { percent: string | null; gross_per_online_hour: string | null };
  month: { month_to_date: string; projected_month: string | null; trailing_days: number };
  payback: { status: string; on: string | null; remaining: string | null } | null;
  flags: FlagView[];
  decomposition: {
    baseline_from: string;
    baseline_to: string;
    recent_from: string;
    recent_to: string;
    baseline_net_per_day: string;
    recent_net_per_day: string;
    total_percent: string | null;
    effects: Array<{ name: string; amount: string; percent: string | null }>;
    text: string;
  } | null;
}

export interface FleetSummary {
  from: string;
  to: string;
  currency: string;
  total: PeriodView;
  devices: Array<{ device: string; total: PeriodView }>;
}

export interface RewardView {
  key: string;
  network: string;
  account: string;
  token: string;
  ref: string;
  ts_ms: number;
  amount: string;
  value_usd: string | null;
  explorer_url?: string | null;
  explorer?: string;
}

export interface DeviceListEntry {
  device_id: string;
  name: string | null;
  state: DeviceStatus;
  last_seen_ms: number;
  latest: {
    cpu_load_pct: number | null;
    gpus?: Array<{ util_gpu_pct: number | null }>;
    power?: { watts: number | null };
  } | null;
}

export interface ActiveAlert {
  rule: string;
  device_id: string;
  name: string | null;
  phase: string;
  since_ms: number;
  severity: string;
  summary: string;
}

export interface AlertsView {
  enabled: boolean;
  channels: Array<{ channel: string; type: string }>;
  active: ActiveAlert[];
  history: Array<{
    rule: string;
    device_id: string;
    from: string;
    to: string;
    message: string;
    ts_ms: number;
  }>;
}
