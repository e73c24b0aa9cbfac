import { CHAIN_EXPLORERS, explorerAddressUrl, explorerTxUrl, getToken } from '@nodetally/shared';
import type { FastifyInstance } from 'fastify';
import { valueMicros } from '../../prices/decimal.js';
import { baseUnitsToDecimal, microsToDecimal } from '../../rewards/format.js';
import type { StoredRewardEvent } from '../../store/reward-types.js';
import type { Store } from '../../store/types.js';
import type { FleetDeviceRows } from '../fleet/device-rows.js';
import { DeviceRewardsQuery, DeviceRewardsView } from './device-rewards-schemas.js';
import { deviceUnknown } from './series.js';
import { DeviceParams, ErrorView } from './series-schemas.js';

const DAY_MS = 86_400_000;
/** Chains whose sources store a transaction id as `ref` (Akash: a lease id; Flux: a history row). */
const REF_IS_TX = new Set(['solana', 'theta', 'filecoin']);

export function explorerLink(event: Pick<StoredRewardEvent, 'token' | 'ref' | 'account'>) {
  const { chain } = getToken(event.token);
  const tx = REF_IS_TX.has(chain) ? explorerTxUrl(chain, event.ref) : null;
  return {
    explorer_url: tx ?? explorerAddressUrl(chain, event.account),
    explorer: CHAIN_EXPLORERS[chain].name,
  };
}

function toView(event: StoredRewardEvent) {
  const { decimals } = getToken(event.token);
  return {
    key: event.key,
    source: event.source,
    network: event.network,
    account: event.account,
    token: event.token,
    kind: event.kind,
    ref: event.ref,
    ts_ms: event.ts,
    amount: baseUnitsToDecimal(event.amount, decimals),
    amount_base_units: event.amount,
    price_usd: event.price,
    value_usd:
      event.price === null ? null : microsToDecimal(valueMicros(event.amount, decimals, event.price)),
    ...explorerLink(event),
  };
}

/** `GET /api/v1/devices/:id/rewards`: reward events of the accounts linked to a device, with explorer links. */
export function registerDeviceRewardRoutes(
  app: FastifyInstance,
  store: Store,
  devices: FleetDeviceRows,
): void {
  app.get(
    '/api/v1/devices/:id/rewards',
    {
      schema: {
        tags: ['devices', 'rewards'],
        summary: 'Reward events of the accounts linked to one device, each with a block-explorer link',
        params: DeviceParams,
        querystring: DeviceRewardsQuery,
        response: { 200: DeviceRewardsView, 400: ErrorView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      const { id } = request.params as typeof DeviceParams.static;
      const query = request.query as typeof DeviceRewardsQuery.static;
      const to = query.to ?? Date.now();
      const from = query.from ?? Math.max(0, to - 30 * DAY_MS);
      if (from >= to) {
        return reply.code(400).send({ error: 'NT_ERR_WEB_RANGE', message: 'from must be before to' });
      }
      const events = await store.listRewardEvents({ device: id, fromMs: from, toMs: to, limit: query.limit });
      // A device id may be linked to an account before the device first reports.
      if (events.length === 0 && !(await devices.has(id))) return reply.code(404).send(deviceUnknown(id));
      return { device_id: id, from, to, rewards: events.map(toView) };
    },
  );
}
