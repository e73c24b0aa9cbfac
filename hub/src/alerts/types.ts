import type { Meta, Sample } from '@nodetally/shared';
import type { TSchema } from '@sinclair/typebox';
import type { Decomposition } from '../earnings/decompose.js';
import type { Flag } from '../earnings/flags.js';

export type Severity = 'info' | 'warning' | 'critical';

/** What the hub knows about one device at evaluation time; every rule reads only this. */
export interface DeviceInput {
  device_id: string;
  name: string | null;
  /** Site / location label: alerts of one rule at one site group into one message. */
  site: string | null;
  /** From `deviceState()` (web/device-view.ts): a retained will or k missed intervals. */
  state: 'online' | 'offline' | 'unknown';
  /** Last sample received (epoch ms), null when never. */
  last_seen_ms: number | null;
  meta: Meta | null;
  /**
   * The device's samples of the rules' lookback window (`lookbackMs`, default 1 h), oldest first;
   * the latest sample last. Empty when none arrived in the window.
   */
  recent: readonly Sample[];
  /** Whether a GPU workload is expected on this device (config, or the workload collector). */
  gpu_workload_expected?: boolean;
  earnings?: EarningsInput;
  /** Reward accounts linked to this device, with their last payout. */
  payouts?: readonly { network: string; account: string; last_payout_ms: number | null }[];
  /** Reward sources feeding this device, with their sync state (rewards/staleness.ts). */
  reward_sources?: readonly {
    source: string;
    account: string;
    stale: boolean;
    last_success_ms: number | null;
    last_error: string | null;
  }[];
  /** Bytes (rx + tx) on the metered interface in the current UTC (or user-zone) month. */
  metered_month?: { iface: string; month: string; bytes: number };
}

/** Earnings figures of one device, computed by earnings/ for the most recent complete day. */
export interface EarningsInput {
  day: string;
  /** Net micro-dollars of `day`. */
  recent_micros_per_day: bigint;
  /** Median net/day of the 28 days before `day` (lower median; a missing day counts 0). */
  baseline_median_micros_per_day: bigint;
  /** `decompose(prior 28 days, [day])`: why it moved. */
  decomposition: Decomposition | null;
  /** `reconcile()` flags for `day` (healthy-but-not-earning is read from here). */
  flags: readonly Flag[];
}

/** One active problem a rule sees on one device now. */
export interface Condition {
  rule: string;
  device_id: string;
  /** Sub-key when a rule can hold several at once on one device (quota level, GPU index). */
  subject?: string;
  severity: Severity;
  /** One line, shown in the message: "offline for 12 min (last sample 20:03 UTC)". */
  summary: string;
}

/**
 * A rule's verdict on one device: its active conditions, or `null` when it lacks the data to say
 * (no earnings computed yet): the engine then keeps that device's state for the rule as it was.
 */
export type RuleVerdict = Condition[] | null;

export interface RuleContext {
  now: number;
}

export interface RuleDefinition<C extends RuleCommon = RuleCommon> {
  kind: string;
  /** One line for docs and the web page. */
  title: string;
  /**
   * `event` rules (reboot, outbox drops) report something that happened: the engine sends their
   * firing message and no resolved message.
   */
  type: 'state' | 'event';
  /** TypeBox schema of its settings (the common ones and its own), every field with a default. */
  schema: TSchema;
  defaults: C;
  evaluate(device: DeviceInput, config: C, ctx: RuleContext): RuleVerdict;
}

/** Settings every rule has. */
export interface RuleCommon {
  enabled: boolean;
  /** The condition must hold this long before the alert fires. */
  minDurationMs: number;
  /** At most one message per (rule, device, subject) per cool-down; the last state wins at its end. */
  cooldownMs: number;
  severity: Severity;
}
