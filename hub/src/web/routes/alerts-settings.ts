import { NodetallyError, Nullable } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AlertsConfig } from '../../alerts/config.js';
import { QuietHoursConfig } from '../../alerts/quiet-hours.js';
import { RULES } from '../../alerts/rules/index.js';
import { maskChannel, type StoredRules, unmaskChannels } from '../../alerts/runtime.js';
import type { AlertService } from '../../alerts/scheduler.js';

const Problem = Type.Object({ error: Type.String(), message: Type.String() });
const Sites = Type.Record(Type.String(), Type.Array(Type.String()), {
  description: 'site name → device ids; one message per rule and site',
});
const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });

const RulesBody = Type.Object(
  {
    rules: Type.Optional(
      Type.Record(Type.String(), Loose('settings of one rule kind to change (see GET for every field)'), {
        description:
          'per rule kind (offline, earnings-drop, …): the settings that differ from the config file',
      }),
    ),
    sites: Type.Optional(Sites),
    quietHours: Type.Optional(Type.Union([Loose('{start, end, timeZone, mode, except}'), Type.Null()])),
    groupWaitMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const RulesView = Type.Object({
  rules: AlertsConfig.properties.rules,
  sites: Sites,
  quietHours: Type.Union([QuietHoursConfig, Type.Null()]),
  groupWaitMs: Type.Integer(),
  catalog: Type.Array(Type.Object({ kind: Type.String(), title: Type.String(), type: Type.String() }), {
    description: 'every rule kind with its one-line description; `event` rules send no resolved message',
  }),
  overrides: Nullable(
    Loose('what was saved through this API (laid over the config file), null when nothing'),
  ),
  updated_ms: Nullable(Type.Integer({ description: 'when settings were last saved through the API' })),
});

const ChannelView = Type.Object(
  { type: Type.String(), id: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'a channel as configured, secrets shown as ********' },
);
const ChannelsBody = Type.Object(
  {
    channels: Type.Array(
      Type.Object(
        { type: Type.String(), id: Type.Optional(Type.String()) },
        {
          additionalProperties: true,
          description:
            'a channel (hub/src/alerts/README.md); a secret left as ******** keeps its saved value',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
const ChannelsView = Type.Object({
  channels: Type.Array(ChannelView),
  saved: Type.Boolean({
    description: 'true: the list saved through this API is in force, not the config file’s',
  }),
  updated_ms: Nullable(Type.Integer()),
});

const catalog = RULES.map((r) => ({ kind: r.kind, title: r.title, type: r.type }));

function rulesView(service: AlertService) {
  const c = service.config;
  const s = service.storedSettings;
  return {
    rules: c.rules,
    sites: c.sites,
    quietHours: c.quietHours,
    groupWaitMs: c.groupWaitMs,
    catalog,
    overrides: (s.rules as Record<string, unknown> | null) ?? null,
    updated_ms: s.updated_ms,
  };
}

const channelsView = (service: AlertService) => ({
  channels: service.config.channels.map(maskChannel),
  saved: service.storedSettings.channels !== null,
  updated_ms: service.storedSettings.updated_ms,
});

const invalid = (reply: FastifyReply, error: unknown) => {
  if (!(error instanceof NodetallyError)) throw error;
  return reply.code(400).send({ error: 'NT_ERR_ALERTS_SETTINGS', message: error.message });
};

/** Rules and channels editable at runtime, saved in the store over the config file (admin to change). */
export function registerAlertSettingsRoutes(app: FastifyInstance, service: AlertService): void {
  app.get(
    '/api/v1/alerts/rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alert rules in force',
        description:
          'Every rule’s settings in force (config file, with what was saved here over it), sites, quiet hours',
        response: { 200: RulesView },
      },
    },
    async () => {
      await service.refreshSettings();
      return rulesView(service);
    },
  );

  app.put(
    '/api/v1/alerts/rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Change alert rules',
        description:
          'Replaces what was saved here: per rule the settings that differ from the config file, sites, quiet hours, group wait. In force at once (admin).',
        body: RulesBody,
        response: { 200: RulesView, 400: Problem },
      },
    },
    async (request, reply) => {
      try {
        await service.saveSettings({ rules: request.body as StoredRules });
      } catch (error) {
        return invalid(reply, error);
      }
      return rulesView(service);
    },
  );

  app.get(
    '/api/v1/alerts/channels',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Notification channels',
        description: 'The channels in force, secrets masked',
        response: { 200: ChannelsView },
      },
    },
    async () => {
      await service.refreshSettings();
      return channelsView(service);
    },
  );

  app.put(
    '/api/v1/alerts/channels',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Replace notification channels',
        description:
          'Replaces the channel list (over the config file’s). Send back ******** to keep a saved secret (admin).',
        body: ChannelsBody,
        response: { 200: ChannelsView, 400: Problem },
      },
    },
    async (request, reply) => {
      const { channels } = request.body as typeof ChannelsBody.static;
      try {
        await service.refreshSettings();
        await service.saveSettings({ channels: unmaskChannels(channels, service.config.channels) });
      } catch (error) {
        return invalid(reply, error);
      }
      return channelsView(service);
    },
  );
}
