import type { Logger } from 'pino';
import type { EarningsSettings } from '../earnings/config-schema.js';
import { DEFAULT_EARNINGS } from '../earnings-service/settings.js';
import type { AlertDeliveryRow } from '../store/alert-types.js';
import type { Store } from '../store/types.js';
import { type AlertsConfig, channelName, resolveAlertsConfig } from './config.js';
import { EarningsFeed, type EarningsOfDevice, type EarningsSource } from './earnings-inputs.js';
import { evaluateAlerts } from './evaluate.js';
import { buildDeviceInputs } from './inputs.js';
import { MeteredTotals } from './metered.js';
import { type DeliveryResult, type SendOptions, sendTest } from './notifiers/index.js';
import { testMessage } from './notifiers/payload.js';
import { drainOutbox } from './outbox.js';
import { deliveryRow, historyRow } from './rows.js';
import { CHANNELS_KEY, effectiveConfig, RULES_KEY, type StoredRules } from './runtime.js';
import { type AlertState, loadState } from './state.js';

export { deliveryRow } from './rows.js';

export interface AlertServiceOptions {
  store: Store;
  /** The config file's `alerts`, resolved (`resolveAlertsConfig`); the API's saved settings go over it. */
  config: AlertsConfig;
  offlineAfterIntervals: number;
  log: Logger;
  /** Earnings settings (and refresh signal) for the earnings rules; default: UTC, no tariff. */
  earnings?: EarningsSource;
  /** Called after each committed phase change (the hub forwards them as live `alert` events). */
  onTransition?: (t: {
    id: string;
    state: 'ok' | 'pending' | 'firing';
    rule: string;
    device_id: string;
  }) => void;
  sendOptions?: SendOptions;
  now?: () => number;
}

/**
 * The hub's side of the alerts library: reads the store, runs the pure engine, commits state,
 * history and the messages to send in one transaction (the outbox), then delivers the outbox and
 * stores each outcome. Evaluations, state changes (silences) and settings changes run one at a time.
 */
export class AlertService {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly metered = new MeteredTotals();
  private readonly earnings: EarningsFeed;
  private readonly now: () => number;
  private current: AlertsConfig;
  private stored: { rules: StoredRules | null; channels: unknown[] | null; updated_ms: number | null } = {
    rules: null,
    channels: null,
    updated_ms: null,
  };

  constructor(private readonly o: AlertServiceOptions) {
    this.now = o.now ?? Date.now;
    this.current = o.config;
    this.earnings = new EarningsFeed(o.earnings ?? { settings: () => DEFAULT_EARNINGS }, () =>
      Math.round(this.current.earningsRefreshS * 1000),
    );
  }

  /** The config in force: the config file's, with the settings saved through the API over it. */
  get config(): AlertsConfig {
    return this.current;
  }

  /** The config file's `alerts` (the defaults the API's settings override). */
  get baseConfig(): AlertsConfig {
    return this.o.config;
  }

  /** The settings documents saved through the API, as last loaded. */
  get storedSettings() {
    return this.stored;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Re-reads the saved settings (another hub worker may have changed them); bad ones are logged and skipped. */
  private async reload(): Promise<void> {
    const [rules, channels] = await Promise.all([
      this.o.store.getAlertSettings(RULES_KEY),
      this.o.store.getAlertSettings(CHANNELS_KEY),
    ]);
    const r = (rules?.value ?? null) as StoredRules | null;
    const c = ((channels?.value as { channels?: unknown[] } | null)?.channels ?? null) as unknown[] | null;
    const updated = Math.max(rules?.updated_ms ?? -1, channels?.updated_ms ?? -1);
    this.stored = { rules: r, channels: c, updated_ms: updated < 0 ? null : updated };
    try {
      this.current = effectiveConfig(this.o.config, r, c);
    } catch (error) {
      this.o.log.error({ err: error }, 'saved alert settings are invalid; using the config file');
      this.current = this.o.config;
    }
  }

  /** Re-reads the settings saved through the API (in turn with evaluations). */
  refreshSettings(): Promise<AlertsConfig> {
    return this.serial(async () => {
      await this.reload();
      return this.current;
    });
  }

  /**
   * Validates and saves the rule settings or the channel list, then puts them in force; throws
   * `NT_ERR_CONFIG_INVALID` (nothing saved) when the result would be invalid.
   */
  saveSettings(change: { rules?: StoredRules; channels?: unknown[] }): Promise<AlertsConfig> {
    return this.serial(async () => {
      await this.reload();
      const rules = change.rules ?? this.stored.rules;
      const channels = change.channels ?? this.stored.channels;
      effectiveConfig(this.o.config, rules, channels);
      const now = this.now();
      if (change.rules) await this.o.store.saveAlertSettings(RULES_KEY, change.rules, now);
      if (change.channels)
        await this.o.store.saveAlertSettings(CHANNELS_KEY, { channels: change.channels }, now);
      this.earnings.invalidate();
      await this.reload();
      return this.current;
    });
  }

  private async earningsInputs(now: number): Promise<ReadonlyMap<string, EarningsOfDevice> | undefined> {
    try {
      return await this.earnings.get(this.o.store, now);
    } catch (error) {
      this.o.log.warn({ err: error }, 'earnings inputs unavailable; earnings rules wait');
      return undefined;
    }
  }

  /** One evaluation of every rule on every device, then the outbox; resolves with what was sent. */
  evaluate(): Promise<{ transitions: number; delivered: DeliveryResult[] }> {
    return this.serial(async () => {
      const transitions = await this.record();
      return { transitions, delivered: await this.deliverQueued() };
    });
  }

  /**
   * The engine's step, committed atomically with the messages it produced, queued per channel:
   * a crash after this loses nothing (the next `deliverQueued`, here or after a restart, sends them).
   */
  private async record(): Promise<number> {
    await this.reload();
    const { store } = this.o;
    const config = this.current;
    const now = this.now();
    const state = loadState(await store.getAlertState());
    const earnings = await this.earningsInputs(now);
    const devices = await buildDeviceInputs(store, {
      config,
      offlineAfterIntervals: this.o.offlineAfterIntervals,
      metered: this.metered,
      ...(earnings ? { earnings } : {}),
      now,
    });
    const r = evaluateAlerts(state, devices, config, now);
    await store.commitAlertStep({
      state: r.state,
      nowMs: now,
      history: r.transitions.map(historyRow),
      outbox: r.messages.flatMap((m) =>
        config.channels.map((c) => ({ message_id: m.id, channel: channelName(c), message: m })),
      ),
    });
    for (const t of r.transitions)
      this.o.onTransition?.({ id: t.key, state: t.to, rule: t.rule, device_id: t.device_id });
    return r.transitions.length;
  }

  private async deliverQueued(): Promise<DeliveryResult[]> {
    const delivered = await drainOutbox(this.o.store, {
      channels: this.current.channels,
      now: this.now(),
      retryForMs: this.current.deliveryRetryForMs,
      sendOptions: this.o.sendOptions,
    });
    for (const d of delivered.filter((x) => !x.ok))
      this.o.log.warn(
        { channel: d.channel, message_id: d.message_id, error: d.error },
        'alert delivery failed',
      );
    return delivered;
  }

  /** Only the engine's step and its commit, no delivery: what a crash right after it leaves. */
  recordOnly(): Promise<number> {
    return this.serial(() => this.record());
  }

  /** Only the delivery of what is queued (the hub's first evaluation after a restart begins so). */
  deliverOnly(): Promise<DeliveryResult[]> {
    return this.serial(async () => {
      await this.reload();
      return this.deliverQueued();
    });
  }

  /** Changes the stored engine state (silences), in turn with evaluations. */
  updateState(change: (state: AlertState, now: number) => AlertState): Promise<AlertState> {
    return this.serial(async () => {
      const now = this.now();
      const next = change(loadState(await this.o.store.getAlertState()), now);
      await this.o.store.saveAlertState(next, now);
      return next;
    });
  }

  /** The "send test" action: the test message through every channel in force, results stored. */
  sendTest(): Promise<AlertDeliveryRow[]> {
    return this.serial(async () => {
      await this.reload();
      const results = await Promise.all(this.current.channels.map((c) => sendTest(c, this.o.sendOptions)));
      const rows = results.map((r) => deliveryRow(r, testMessage(r.ts), 'test'));
      await this.o.store.addAlertDeliveries(rows);
      return rows;
    });
  }

  stop(): void {
    this.earnings.stop();
  }
}

/**
 * Evaluates every `intervalS` until stopped; an evaluation that fails is logged and the next one
 * runs as planned: alerts never crash the hub.
 */
export function startAlertScheduler(service: AlertService, log: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = service
      .evaluate()
      .then(
        (r) => {
          if (r.transitions > 0 || r.delivered.length > 0)
            log.info({ transitions: r.transitions, deliveries: r.delivered.length }, 'alerts evaluated');
        },
        (error: unknown) => log.error({ err: error }, 'alert evaluation failed'),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, service.config.intervalS * 1000);
      });
  };
  if (service.config.enabled) timer = setTimeout(tick, service.config.intervalS * 1000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

const EARNINGS_KEYS = ['timeZone', 'currency', 'tariffs', 'fixedCosts', 'hardware', 'rewardSplits'] as const;

/** The earnings settings of a hub config (its top-level earnings keys), defaults for the missing ones. */
export function earningsSettingsOf(config: Partial<EarningsSettings>): EarningsSettings {
  const out: Record<string, unknown> = { ...DEFAULT_EARNINGS };
  for (const k of EARNINGS_KEYS) if (config[k] !== undefined) out[k] = config[k];
  return out as unknown as EarningsSettings;
}

/**
 * The alert service and its scheduler for a hub config (`alerts`, `offlineAfterIntervals`, the
 * earnings keys). Pass the earnings service as `extra.earnings` so settings saved through its API
 * apply, and `extra.onTransition` to hear of phase changes.
 */
export function startAlerts(
  config: { alerts?: unknown; offlineAfterIntervals: number } & Partial<EarningsSettings>,
  store: Store,
  log: Logger,
  extra: Pick<AlertServiceOptions, 'earnings' | 'onTransition'> = {},
): { service: AlertService; stop(): Promise<void> } {
  const service = new AlertService({
    store,
    config: resolveAlertsConfig(config.alerts),
    offlineAfterIntervals: config.offlineAfterIntervals,
    log,
    earnings: extra.earnings ?? { settings: () => earningsSettingsOf(config) },
    ...(extra.onTransition ? { onTransition: extra.onTransition } : {}),
  });
  const scheduler = startAlertScheduler(service, log);
  return {
    service,
    async stop() {
      await scheduler.stop();
      service.stop();
    },
  };
}
