import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { EarningsSettings } from '../../earnings/config-schema.js';
import { EarningsSettingsError, pickEarnings, sourcesOf } from '../../earnings-service/overlay.js';
import type { EarningsService } from '../../earnings-service/service.js';
import { DEFAULT_EARNINGS } from '../../earnings-service/settings.js';
import {
  EarningsSettingsPatch,
  EarningsSettingsView,
  SettingsError,
  SettingsPutQuery,
} from './settings-schemas.js';

/**
 * Strict TypeBox validation for the PUT: fastify's default validator silently drops unknown keys and
 * fills defaults, which would let `{"tarifs": …}` through as an empty change.
 */
const strictValidator: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = (data: unknown) => {
    const value = httpPart === 'querystring' ? Value.Default(schema, Value.Convert(schema, data)) : data;
    const errors = [...Value.Errors(schema, value)];
    if (errors.length === 0) return { value };
    check.errors = errors.map((e) => ({
      keyword: 'typebox',
      instancePath: e.path,
      schemaPath: '',
      params: {},
      message: e.message,
    }));
    return false;
  };
  check.errors = null as FastifySchemaValidationError[] | null;
  return check;
};

const invalid = (errors: string[]) => ({
  error: 'NT_ERR_SETTINGS_INVALID',
  message: errors.join('; '),
  errors,
});

/**
 * `GET/PUT /api/v1/settings/earnings`: the effective earnings settings (config overlaid by what was
 * saved here) and changes to them, stored in the database and in effect at once. Without a running
 * earnings service (embedding, some tests) GET shows the config and PUT answers 503.
 */
export function registerSettingsRoutes(
  app: FastifyInstance,
  service: EarningsService | undefined,
  config: EarningsSettings = DEFAULT_EARNINGS,
): void {
  app.get(
    '/api/v1/settings/earnings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Effective earnings settings and where each key comes from',
        response: { 200: EarningsSettingsView },
      },
    },
    async () =>
      service
        ? service.settingsInfo()
        : { settings: pickEarnings(config), sources: sourcesOf({}), revision: null, saved_ms: null },
  );

  app.put(
    '/api/v1/settings/earnings',
    {
      attachValidation: true,
      validatorCompiler: strictValidator as FastifySchemaCompiler<unknown>,
      schema: {
        tags: ['settings'],
        summary: 'Change earnings settings (tariffs, fixed costs, hardware, splits, time zone)',
        description:
          'Keys given replace the effective ones; keys left out stay. Validated like the config file; ' +
          'stored in the database and used by every earnings figure at once. Tariff versions that took ' +
          'effect before today cannot be changed unless rewrite_history=true: add a new version instead.',
        querystring: SettingsPutQuery,
        body: EarningsSettingsPatch,
        response: { 200: EarningsSettingsView, 400: SettingsError, 503: SettingsError },
      },
    },
    async (request, reply) => {
      if (request.validationError) {
        const v = request.validationError;
        const errors = ((v.validation ?? []) as { instancePath?: string; message?: string }[]).map(
          (e) => `${v.validationContext ?? 'body'}${e.instancePath || ''}: ${e.message ?? 'is invalid'}`,
        );
        return reply.code(400).send(invalid(errors.length > 0 ? errors : [v.message]));
      }
      if (!service)
        return reply
          .code(503)
          .send({ error: 'NT_ERR_SETTINGS_UNAVAILABLE', message: 'the earnings service is not running' });
      const patch = request.body as Partial<EarningsSettings>;
      const { rewrite_history } = request.query as { rewrite_history: boolean };
      try {
        await service.updateSettings(
          { ...service.settings(), ...patch },
          { allowHistoryChange: rewrite_history },
        );
      } catch (error) {
        if (error instanceof EarningsSettingsError)
          return reply.code(400).send(invalid(error.errors.map((e) => `body/${e}`)));
        throw error;
      }
      return service.settingsInfo();
    },
  );
}
