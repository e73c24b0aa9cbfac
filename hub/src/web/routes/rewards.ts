import { getToken, Nullable } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { valueMicros } from '../../prices/decimal.js';
import { baseUnitsToDecimal, microsToDecimal } from '../../rewards/format.js';
import { isStale } from '../../rewards/staleness.js';
import type { StoredRewardEvent } from '../../store/reward-types.js';
import type { Store } from '../../store/types.js';

const Ms = Type.Integer({ minimum: 0, description: 'UTC epoch milliseconds' });
const Decimal = Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$' });

const RewardsQuery = Type.Object(
  {
    account: Type.Optional(Type.String({ minLength: 1 })),
    network: Type.Optional(
      Type.String({ minLength: 1, description: 'network (helium, render…) or source id' }),
    ),
    device: Type.Optional(
      Type.String({ minLength: 1, description: 'events of accounts linked to this device' }),
    ),
    from: Type.Optional(Ms),
    to: Type.Optional({ ...Ms, description: 'exclusive, UTC epoch milliseconds' }),
    limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
  },
  { additionalProperties: false },
);

const RewardView = Type.Object({
  key: Type.String(),
  source: Type.String(),
  network: Type.String(),
  account: Type.String(),
  token: Type.String(),
  kind: Type.Union([Type.Literal('reward'), Type.Literal('other')]),
  ref: Type.String(),
  ts_ms: Ms,
  amount: { ...Decimal, description: 'whole tokens, exact' },
  amount_base_units: Type.String({ pattern: '^-?[0-9]+$' }),
  decimals: Type.Integer({ minimum: 0 }),
  price_usd: Nullable({
    ...Decimal,
    description: 'USD per token in the hour of ts_ms; null when none stored',
  }),
  value_usd: Nullable({ ...Decimal, description: 'amount × price_usd, rounded once to the micro-dollar' }),
});

const SourceView = Type.Object({
  source: Type.String(),
  account: Type.String(),
  label: Nullable(Type.String()),
  devices: Type.Array(Type.String()),
  cursor: Nullable(Type.String()),
  interval_ms: Nullable(Ms),
  last_attempt_ms: Nullable(Ms),
  last_success_ms: Nullable(Ms),
  last_failure_ms: Nullable(Ms),
  last_error: Nullable(Type.String()),
  consecutive_failures: Type.Integer({ minimum: 0 }),
  stale: Type.Boolean({ description: 'never synced, or no success for 3 intervals' }),
});

function toView(event: StoredRewardEvent) {
  const { decimals } = getToken(event.token);
  const { ts, amount, price, ...rest } = event;
  return {
    ...rest,
    ts_ms: ts,
    amount: baseUnitsToDecimal(amount, decimals),
    amount_base_units: amount,
    decimals,
    price_usd: price,
    value_usd: price === null ? null : microsToDecimal(valueMicros(amount, decimals, price)),
  };
}

export function registerRewardRoutes(app: FastifyInstance, store: Store): void {
  app.get(
    '/api/v1/rewards',
    {
      schema: {
        tags: ['rewards'],
        summary: 'List reward events',
        description: 'Reward events with exact token amounts and USD value at the price of their own hour',
        querystring: RewardsQuery,
        response: { 200: Type.Object({ rewards: Type.Array(RewardView) }) },
      },
    },
    async (request) => {
      const { account, network, device, from, to, limit } = request.query as typeof RewardsQuery.static;
      const events = await store.listRewardEvents({
        limit,
        ...(account !== undefined ? { account } : {}),
        ...(network !== undefined ? { network } : {}),
        ...(device !== undefined ? { device } : {}),
        ...(from !== undefined ? { fromMs: from } : {}),
        ...(to !== undefined ? { toMs: to } : {}),
      });
      return { rewards: events.map(toView) };
    },
  );

  app.get(
    '/api/v1/rewards/sources',
    {
      schema: {
        tags: ['rewards'],
        summary: 'Reward source sync states',
        description:
          'Each reward source per account (and prices per token): cursor, last success, error, stale',
        response: { 200: Type.Object({ sources: Type.Array(SourceView) }) },
      },
    },
    async () => {
      const now = Date.now();
      const states = await store.listSyncStates();
      const accounts = await store.listRewardAccounts();
      const find = (source: string, account: string) =>
        states.find((s) => s.source === source && s.account === account);
      const never = { cursor: null, interval_ms: null, last_attempt_ms: null, last_success_ms: null };
      const fromAccounts = accounts.map((a) => {
        const state = find(a.source, a.account);
        const base = { source: a.source, account: a.account, label: a.label, devices: a.devices };
        if (!state) {
          return {
            ...base,
            ...never,
            last_failure_ms: null,
            last_error: null,
            consecutive_failures: 0,
            stale: true,
          };
        }
        return { ...state, ...base, stale: isStale(state, now) };
      });
      const others = states
        .filter((s) => !accounts.some((a) => a.source === s.source && a.account === s.account))
        .map((s) => ({ ...s, label: null, devices: [], stale: isStale(s, now) }));
      return { sources: [...fromAccounts, ...others] };
    },
  );
}
