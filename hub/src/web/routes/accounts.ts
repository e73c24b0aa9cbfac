import { NodetallyError } from '@nodetally/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { resolveSourceId } from '../../rewards/accounts.js';
import type { Store } from '../../store/types.js';
import type { FleetDeviceRows } from '../fleet/device-rows.js';
import { networkOfSource } from '../fleet/source-network.js';
import { AccountsView, AccountView, LinkBody, LinkView, NewAccountBody } from './accounts-schemas.js';
import { ErrorView } from './series-schemas.js';

const badSource = (reply: FastifyReply, error: unknown) => {
  if (!(error instanceof NodetallyError)) throw error;
  return reply.code(400).send({ error: error.code, message: error.message });
};

const accountMissing = (source: string, account: string) => ({
  error: 'NT_ERR_WEB_ACCOUNT_UNKNOWN',
  message: `no ${source} account ${account}; add it first`,
});

async function listAccounts(store: Store) {
  const [accounts, states] = await Promise.all([store.listRewardAccounts(), store.listSyncStates()]);
  const sync = new Map(states.map((s) => [`${s.source}\n${s.account}`, s]));
  return accounts.map((a) => {
    const state = sync.get(`${a.source}\n${a.account}`);
    return {
      source: a.source,
      network: networkOfSource(a.source),
      account: a.account,
      label: a.label,
      devices: a.devices,
      last_success_ms: state?.last_success_ms ?? null,
      last_error: state?.last_error ?? null,
    };
  });
}

/** Reward accounts and their device links (what `nodetally-hub accounts` does, over HTTP). */
export function registerAccountRoutes(app: FastifyInstance, store: Store, devices: FleetDeviceRows): void {
  const tags = ['accounts'];
  app.get(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'Reward accounts with their linked devices and last sync',
        response: { 200: AccountsView },
      },
    },
    async () => ({ accounts: await listAccounts(store) }),
  );

  app.post(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'Add a reward account (or relabel it) and link devices to it; the hub syncs it',
        body: NewAccountBody,
        response: { 201: AccountView, 400: ErrorView },
      },
    },
    async (request, reply) => {
      const body = request.body as typeof NewAccountBody.static;
      let source: string;
      try {
        source = resolveSourceId(body.network);
      } catch (error) {
        return badSource(reply, error);
      }
      await store.addRewardAccount({ source, account: body.account, label: body.label ?? null }, Date.now());
      for (const device of body.devices) await store.linkRewardAccountDevice(source, body.account, device);
      devices.invalidate();
      const added = (await listAccounts(store)).find(
        (a) => a.source === source && a.account === body.account,
      );
      return reply.code(201).send(added);
    },
  );

  app.post(
    '/api/v1/accounts/devices',
    {
      schema: {
        tags,
        summary: 'Link a device to a reward account (its rewards are attributed to the device)',
        body: LinkBody,
        response: { 200: LinkView, 400: ErrorView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      const body = request.body as typeof LinkBody.static;
      let source: string;
      try {
        source = resolveSourceId(body.source);
      } catch (error) {
        return badSource(reply, error);
      }
      const exists = (await store.listRewardAccounts()).some(
        (a) => a.source === source && a.account === body.account,
      );
      if (!exists) return reply.code(404).send(accountMissing(source, body.account));
      const changed = await store.linkRewardAccountDevice(source, body.account, body.device_id);
      devices.invalidate();
      return { source, account: body.account, device_id: body.device_id, changed };
    },
  );

  app.delete(
    '/api/v1/accounts/devices',
    {
      schema: {
        tags,
        summary: 'Unlink a device from a reward account',
        querystring: LinkBody,
        response: { 200: LinkView, 400: ErrorView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      const query = request.query as typeof LinkBody.static;
      let source: string;
      try {
        source = resolveSourceId(query.source);
      } catch (error) {
        return badSource(reply, error);
      }
      if (!(await store.unlinkRewardAccountDevice(source, query.account, query.device_id))) {
        return reply.code(404).send({
          error: 'NT_ERR_WEB_LINK_UNKNOWN',
          message: `${query.device_id} is not linked to ${source} ${query.account}`,
        });
      }
      devices.invalidate();
      return { source, account: query.account, device_id: query.device_id, changed: true };
    },
  );
}
