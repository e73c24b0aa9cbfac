import { Nullable } from '@nodetally/shared';
import { type TSchema, Type } from '@sinclair/typebox';
import { EarningsSettingsSchema } from '../../earnings/config-schema.js';

const Source = Type.Union([Type.Literal('config'), Type.Literal('saved')]);

export const EarningsSettingsView = Type.Object({
  settings: EarningsSettingsSchema,
  sources: Type.Object(
    {
      timeZone: Source,
      currency: Source,
      tariffs: Source,
      fixedCosts: Source,
      hardware: Source,
      rewardSplits: Source,
    },
    { description: 'where each key comes from: the hub config, or the overlay saved through this API' },
  ),
  revision: Nullable(Type.Integer({ description: 'saved overlay revision in use; null when none' })),
  saved_ms: Nullable(Type.Integer()),
});

/**
 * Any subset of the keys: given keys replace the effective value; the rest stay as they are. The
 * config schema's defaults are left out here, or the validator would fill every missing key with one.
 */
export const EarningsSettingsPatch = Type.Partial(
  Type.Object(
    Object.fromEntries(
      Object.entries(EarningsSettingsSchema.properties).map(([key, schema]) => {
        const { default: _default, ...rest } = schema as TSchema & { default?: unknown };
        return [key, rest as TSchema];
      }),
    ),
  ),
  { additionalProperties: false },
);

export const SettingsPutQuery = Type.Object(
  {
    rewrite_history: Type.Boolean({
      default: false,
      description: 'allow changing or removing tariff versions that took effect before today',
    }),
  },
  { additionalProperties: false },
);

export const SettingsError = Type.Object({
  error: Type.String(),
  message: Type.String(),
  errors: Type.Optional(Type.Array(Type.String(), { description: 'one message per problem, path first' })),
});
