import type { Logger } from 'pino';
import type { AlertDeliveryRow } from '../store/alert-types.js';
import type { Store } from '../store/types.js';
import { type AlertsConfig, resolveAlertsConfig } from './config.js';
import { evaluateAlerts } from './evaluate.js';
import { buildDeviceInputs } from './inputs.js';
import type { AlertMessage } from './message.js';
import { MeteredTotals } from './metered.js';
import {
  createNotifier,
  type DeliveryResult,
  deliver,
  type SendOptions,
  sendTest,
} from './notifiers/index.js';
import { testMessage } from './notifiers/payload.js';
import { type AlertState, loadState } from './state.js';

export interface AlertServiceOptions {
  store: Store;
  /** Resolved (`resolveAlertsConfig`). */
  config: AlertsConfig;
  offlineAfterIntervals: number;
  log: Logger;
  sendOptions?: SendOptions;
  now?: () => number;
}

/** What the store keeps of one delivery result. */
export const deliveryRow = (
  r: DeliveryResult,
  m: Pick<AlertMessage, 'rule' | 'title'>,
  status: AlertDeliveryRow['message_status'],
): AlertDeliveryRow => ({
  message_id: r.message_id,
  rule: m.rule,
  message_status: status,
  title: m.title,
  channel: r.channel,
  type: r.type,
  ok: r.ok,
  attempts: r.attempts,
  status_code: r.status,
  remote_id: r.remote_id,
  error_code: r.error?.code ?? null,
  error_message: r.error?.message ?? null,
  ts_ms: r.ts,
});

/**
 * The hub's side of the alerts library: reads the store, runs the pure engine, stores state and
 * history, delivers and stores the delivery results. Evaluations and state changes (silences) run
 * one at a time, so a silence added through the API is never overwritten by an evaluation.
 */
export class AlertService {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly metered = new MeteredTotals();
  private readonly now: () => number;

  constructor(private readonly o: AlertServiceOptions) {
    this.now = o.now ?? Date.now;
  }

  get config(): AlertsConfig {
    return this.o.config;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** One evaluation of every rule on every device; resolves with what was sent. */
  evaluate(): Promise<{ transitions: number; delivered: DeliveryResult[] }> {
    return this.serial(async () => {
      const { store, config } = this.o;
      const now = this.now();
      const state = loadState(await store.getAlertState());
      const devices = await buildDeviceInputs(store, {
        config,
        offlineAfterIntervals: this.o.offlineAfterIntervals,
        metered: this.metered,
        now,
      });
      const r = evaluateAlerts(state, devices, config, now);
      await store.saveAlertState(r.state, now);
      await store.addAlertHistory(
        r.transitions.map((t) => ({
          rule: t.rule,
          device_id: t.device_id,
          subject: t.subject,
          from: t.from,
          to: t.to,
          message: t.summary,
          ts_ms: t.ts,
        })),
      );
      if (r.messages.length === 0) return { transitions: r.transitions.length, delivered: [] };
      const delivered = await deliver(config.channels.map(createNotifier), r.messages, this.o.sendOptions);
      const byId = new Map(r.messages.map((m) => [m.id, m]));
      await store.addAlertDeliveries(
        delivered.flatMap((d) => {
          const m = byId.get(d.message_id);
          return m ? [deliveryRow(d, m, m.status)] : [];
        }),
      );
      for (const d of delivered.filter((x) => !x.ok))
        this.o.log.warn(
          { channel: d.channel, message_id: d.message_id, error: d.error },
          'alert delivery failed',
        );
      return { transitions: r.transitions.length, delivered };
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

  /** The "send test" action: the test message through every configured channel, results stored. */
  async sendTest(): Promise<AlertDeliveryRow[]> {
    const results = await Promise.all(this.o.config.channels.map((c) => sendTest(c, this.o.sendOptions)));
    const rows = results.map((r) => deliveryRow(r, testMessage(r.ts), 'test'));
    await this.o.store.addAlertDeliveries(rows);
    return rows;
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

/** The alert service and its scheduler for a hub config (`alerts`, `offlineAfterIntervals`). */
export function startAlerts(
  config: { alerts?: unknown; offlineAfterIntervals: number },
  store: Store,
  log: Logger,
): { service: AlertService; stop(): Promise<void> } {
  const service = new AlertService({
    store,
    config: resolveAlertsConfig(config.alerts),
    offlineAfterIntervals: config.offlineAfterIntervals,
    log,
  });
  return { service, ...startAlertScheduler(service, log) };
}
