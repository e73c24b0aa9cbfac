import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EarningsSettings } from '../../earnings/config-schema.js';
import { addDays, dayDiff, dayKeyOf, formatDayKey, parseDayKey } from '../../earnings/zone.js';
import { computeDays, deviceReport } from '../../earnings-service/compute.js';
import type { EarningsService } from '../../earnings-service/service.js';
import { DEFAULT_EARNINGS, type EarningsPlan, earningsPlan } from '../../earnings-service/settings.js';
import {
  csv,
  decompositionView,
  flagView,
  money,
  percent,
  periodView,
} from '../../earnings-service/views.js';
import type { Store } from '../../store/types.js';
import { DeviceEarnings, DeviceQuery, ErrorView, FleetSummary, RangeQuery } from './earnings-schemas.js';

/** Longest range one request may ask for. */
const MAX_DAYS = 366;

const realDay = (key: string) => {
  const { year, month, day } = parseDayKey(key);
  const d = new Date(Date.UTC(year, month - 1, day));
  return formatDayKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) === key;
};

const badRequest = (reply: FastifyReply, message: string) =>
  reply.code(400).send({ error: 'NT_ERR_EARNINGS_RANGE', message });

/** from/to defaulted (the last 30 days to today) and checked; a message when they are not usable. */
function range(q: { from?: string; to?: string }, today: string): { from: string; to: string } | string {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!realDay(v)) return `${name}: ${v} is not a calendar day`;
  if (from > to) return `from ${from} is after to ${to}`;
  if (dayDiff(from, to) + 1 > MAX_DAYS) return `at most ${MAX_DAYS} days per request`;
  return { from, to };
}

/**
 * `/api/v1/devices/:id/earnings`, `/api/v1/earnings/summary`, `/api/v1/earnings.csv`: the earnings
 * engine over the store. Settings: the earnings service's effective ones (config overlaid by what was
 * saved through the API, read per request so a change applies at once), else the config's (checked
 * here, at start).
 */
export function registerEarningsRoutes(
  app: FastifyInstance,
  store: Store,
  settings: EarningsSettings | EarningsService = DEFAULT_EARNINGS,
  now: () => number = Date.now,
): void {
  const fixed = 'plan' in settings ? null : earningsPlan(settings);
  const current = (): EarningsPlan => fixed ?? (settings as EarningsService).plan();
  const currencyOf = (plan: EarningsPlan) => plan.currency.toUpperCase();
  const errors = { 400: ErrorView, 404: ErrorView };

  app.get(
    '/api/v1/devices/:id/earnings',
    {
      schema: {
        tags: ['earnings'],
        summary: 'One device’s earnings',
        description:
          'One device: gross, energy, fixed, amortization, net per day or month; flags; why it moved',
        params: Type.Object({ id: Type.String({ minLength: 1 }) }),
        querystring: DeviceQuery,
        response: { 200: DeviceEarnings, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const q = request.query as typeof DeviceQuery.static;
      const plan = current();
      const nowMs = now();
      const today = dayKeyOf(nowMs, plan.zone);
      const r = range(q, today);
      if (typeof r === 'string') return badRequest(reply, r);
      const known =
        (await store.listDevices()).some((d) => d.device_id === id) ||
        (await store.listRewardAccounts()).some((a) => a.devices.includes(id));
      if (!known)
        return reply.code(404).send({ error: 'NT_ERR_EARNINGS_DEVICE', message: `no device ${id}` });
      const rep = await deviceReport(store, plan, id, r.from, r.to, nowMs, today);
      const groups = new Map<string, typeof rep.days>();
      for (const d of rep.days) {
        const key = q.granularity === 'month' ? d.day.slice(0, 7) : d.day;
        groups.set(key, [...(groups.get(key) ?? []), d]);
      }
      const pb = rep.payback;
      return {
        device: id,
        ...r,
        time_zone: plan.zone,
        currency: currencyOf(plan),
        granularity: q.granularity,
        total: periodView('total', rep.days),
        periods: [...groups.entries()].map(([k, rows]) => periodView(k, rows)),
        uptime: {
          percent: percent(rep.metrics.uptimeBasisPoints),
          gross_per_online_hour:
            rep.metrics.grossPerOnlineHourMicros === null
              ? null
              : money(rep.metrics.grossPerOnlineHourMicros),
          tokens: rep.metrics.tokens.map((t) => ({
            network: t.network,
            token: t.token,
            per_gpu_busy_hour: t.perGpuBusyHour?.toString() ?? null,
            per_gb: t.perGb?.toString() ?? null,
          })),
        },
        month: {
          month_to_date: money(rep.month.monthToDateMicros),
          projected_month:
            rep.month.projectedMonthMicros === null ? null : money(rep.month.projectedMonthMicros),
          trailing_days: rep.month.trailingDays,
        },
        payback: pb && {
          status: pb.status,
          on: pb.status === 'never' ? null : pb.on,
          remaining: pb.status === 'paid' ? null : money(pb.remainingMicros),
          since: pb.since,
          partial: pb.partial,
        },
        flags: rep.flags.map(flagView),
        decomposition: rep.decomposition && {
          baseline_from: rep.decomposition.baselineFrom,
          baseline_to: rep.decomposition.baselineTo,
          recent_from: rep.decomposition.recentFrom,
          recent_to: r.to,
          ...decompositionView(rep.decomposition.result),
        },
      };
    },
  );

  app.get(
    '/api/v1/earnings/summary',
    {
      schema: {
        tags: ['earnings'],
        summary: 'Fleet earnings summary',
        description: 'Fleet totals and per-device net over a range; rewards that could not be attributed',
        querystring: RangeQuery,
        response: { 200: FleetSummary, 400: ErrorView },
      },
    },
    async (request, reply) => {
      const plan = current();
      const r = range(request.query as typeof RangeQuery.static, dayKeyOf(now(), plan.zone));
      if (typeof r === 'string') return badRequest(reply, r);
      const { days, unattributed } = await computeDays(store, plan, r.from, r.to, null, now());
      return {
        ...r,
        time_zone: plan.zone,
        currency: currencyOf(plan),
        total: periodView('total', [...days.values()].flat()),
        devices: [...days.entries()].map(([device, rows]) => ({ device, total: periodView('total', rows) })),
        unattributed: unattributed.map((u) => ({
          network: u.network,
          account: u.account,
          token: u.token,
          day: u.day,
          reason: u.reason,
          amount_base_units: u.amount.toString(),
          value: money(u.valueMicros),
        })),
      };
    },
  );

  app.get(
    '/api/v1/earnings.csv',
    {
      schema: {
        tags: ['earnings'],
        summary: 'Earnings as CSV',
        description: 'Per-device per-day P&L as CSV with a header row (money as exact 6-decimal strings)',
        querystring: RangeQuery,
        response: {
          200: {
            description: 'one row per device and local day; a download (content-disposition: attachment)',
            content: { 'text/csv': { schema: Type.String() } },
          },
          400: ErrorView,
        },
      },
    },
    async (request, reply) => {
      const plan = current();
      const r = range(request.query as typeof RangeQuery.static, dayKeyOf(now(), plan.zone));
      if (typeof r === 'string') return badRequest(reply, r);
      const { days } = await computeDays(store, plan, r.from, r.to, null, now());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="earnings-${r.from}-${r.to}.csv"`)
        .send(csv(days, currencyOf(plan)));
    },
  );
}
