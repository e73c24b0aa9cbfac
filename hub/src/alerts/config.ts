import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ChannelConfig } from './notifiers/config.js';
import { QuietHoursConfig } from './quiet-hours.js';
import { hours } from './rules/common.js';
import { RULES } from './rules/index.js';

const ruleSchemas: Record<string, TSchema> = Object.fromEntries(RULES.map((r) => [r.kind, r.schema]));

/** The `alerts` section of the hub config; every field has a default, so `{}` is a working setup. */
export const AlertsConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    intervalS: Type.Number({
      exclusiveMinimum: 0,
      default: 30,
      description: 'seconds between two evaluations of every rule on every device',
    }),
    lookbackMs: Type.Integer({
      minimum: 60_000,
      default: hours(1),
      description: 'samples per device the hub hands the rules (reboot, outbox and GPU windows fit in it)',
    }),
    groupWaitMs: Type.Integer({
      minimum: 0,
      default: 60_000,
      description: 'alerts of one rule and site ready within this window are sent as one message',
    }),
    groupListMax: Type.Integer({
      minimum: 1,
      default: 25,
      description: 'alerts listed in a grouped message',
    }),
    quietHours: Type.Union([QuietHoursConfig, Type.Null()], { default: null }),
    sites: Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 })), {
      default: {},
      description:
        'site name → its device ids; alerts of one rule at one site go out as one message (a device in no site is grouped alone)',
    }),
    earningsRefreshS: Type.Number({
      exclusiveMinimum: 0,
      default: 300,
      description:
        'seconds between two computations of the earnings inputs (earnings drop, not earning, reward missing)',
    }),
    deliveryRetryForMs: Type.Integer({
      minimum: 0,
      default: hours(6),
      description: 'a message a channel refused is tried again, with backoff, until it is this old',
    }),
    rules: Type.Object(ruleSchemas, { default: {}, additionalProperties: false }),
    channels: Type.Array(ChannelConfig, { default: [] }),
  },
  { additionalProperties: false },
);
export type AlertsConfig = Static<typeof AlertsConfig>;

/** The `alerts` key of the hub config (spread into its schema); `{}` gives every default. */
export const alertsSettings = {
  alerts: Type.Object(AlertsConfig.properties, {
    default: {},
    additionalProperties: false,
    description:
      'alert rules, channels, quiet hours (JSON in a variable or flag; see hub/src/alerts/README.md): {"channels": [{"type": "telegram", "botToken": "…", "chatId": 123}], "rules": {"offline": {"afterMinutes": 15}}}',
  }),
};

/**
 * Fills defaults and validates; errors name the path (`/rules/offline/afterMinutes: …`).
 * Throws `NT_ERR_CONFIG_INVALID`.
 */
export function resolveAlertsConfig(input: unknown = {}): AlertsConfig {
  const value = Value.Default(AlertsConfig, Value.Clone(input ?? {}));
  if (!Value.Check(AlertsConfig, value)) {
    const problems = [...Value.Errors(AlertsConfig, value)]
      .slice(0, 5)
      .map((e) => `alerts${e.path}: ${e.message}`);
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, `invalid alerts config: ${problems.join('; ')}`);
  }
  siteOf(value);
  const names = value.channels.map(channelName);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new NodetallyError(
      ErrorCodes.CONFIG_INVALID,
      `invalid alerts config: alerts/channels: two channels are named ${JSON.stringify(twice)}; give each an id`,
    );
  return value;
}

/** A channel's name in deliveries and the outbox: its `id`, else its type. */
export const channelName = (c: ChannelConfig) => c.id ?? c.type;

/** device id → site, from `sites`; a device listed under two sites is a config error. */
export function siteOf(config: Pick<AlertsConfig, 'sites'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [site, devices] of Object.entries(config.sites)) {
    for (const d of devices) {
      const other = out.get(d);
      if (other !== undefined && other !== site)
        throw new NodetallyError(
          ErrorCodes.CONFIG_INVALID,
          `invalid alerts config: alerts/sites: ${d} is in both ${other} and ${site}`,
        );
      out.set(d, site);
    }
  }
  return out;
}
