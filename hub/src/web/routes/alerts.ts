import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AlertService } from '../../alerts/scheduler.js';
import { type AlertState, addSilence, loadState, removeSilence } from '../../alerts/state.js';
import type { Store } from '../../store/types.js';
import { AlertsQuery, AlertsView, DeliveryView, SilenceBody, SilenceView } from './alerts-schemas.js';
import { registerAlertSettingsRoutes } from './alerts-settings.js';

export interface AlertRouteOptions {
  /** The running alert service; without it the API only reads what the store holds. */
  service?: AlertService;
}

const active = (state: AlertState) =>
  Object.values(state.entries)
    .filter((e) => e.phase !== 'ok' || e.notified === 'firing')
    .map((e) => ({
      rule: e.rule,
      device_id: e.device_id,
      name: e.name,
      site: e.site,
      subject: e.subject,
      phase: e.phase,
      since_ms: e.since,
      fired_at_ms: e.firedAt,
      notified: e.notified,
      severity: e.severity,
      summary: e.summary,
    }));

export function registerAlertRoutes(
  app: FastifyInstance,
  store: Store,
  options: AlertRouteOptions = {},
): void {
  const { service } = options;
  app.get(
    '/api/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, silences and deliveries',
        description: 'Active alerts, silences, the history of phase changes and the deliveries per channel',
        querystring: AlertsQuery,
        response: { 200: AlertsView },
      },
    },
    async (request) => {
      const { limit } = request.query as typeof AlertsQuery.static;
      const [state, history, deliveries] = await Promise.all([
        store.getAlertState().then(loadState),
        store.listAlertHistory(limit),
        store.listAlertDeliveries(limit),
      ]);
      const channels = (service?.config.channels ?? []).map((c) => ({
        channel: c.id ?? c.type,
        type: c.type,
      }));
      return {
        enabled: service?.config.enabled ?? false,
        channels,
        active: active(state),
        silences: state.silences,
        history,
        deliveries,
      };
    },
  );
  // The changes below need an admin: a session with its CSRF token, or an admin API token (web/auth).
  if (!service) return;
  registerAlertSettingsRoutes(app, service);

  app.post(
    '/api/v1/alerts/silences',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Add a silence',
        description: 'Silence a rule, a device or one rule on one device until a time (admin)',
        body: SilenceBody,
        response: { 201: SilenceView, 400: Type.Object({ error: Type.String(), message: Type.String() }) },
      },
    },
    async (request, reply) => {
      const body = request.body as typeof SilenceBody.static;
      if (!body.rule && !body.device_id)
        return reply
          .code(400)
          .send({ error: 'NT_ERR_ALERTS_SILENCE', message: 'a silence needs a rule or a device_id' });
      const silence = { ...body, id: body.id ?? randomUUID() };
      await service.updateState((state) => addSilence(state, silence));
      return reply.code(201).send(silence);
    },
  );

  app.delete(
    '/api/v1/alerts/silences/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'End a silence',
        description: 'End a silence (admin)',
        params: Type.Object({ id: Type.String({ minLength: 1 }) }),
        response: {
          204: Type.Null({ description: 'ended' }),
          404: Type.Object({ error: Type.String(), message: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      let found = false;
      await service.updateState((state) => {
        found = state.silences.some((s) => s.id === id);
        return removeSilence(state, id);
      });
      return found
        ? reply.code(204).send()
        : reply.code(404).send({ error: 'NT_ERR_ALERTS_SILENCE', message: `no silence ${id}` });
    },
  );

  app.post(
    '/api/v1/alerts/test',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Send a test alert',
        description: 'Send the test message through every configured channel; the delivery results (admin)',
        response: { 200: Type.Object({ results: Type.Array(DeliveryView) }) },
      },
    },
    async () => ({ results: await service.sendTest() }),
  );
}
