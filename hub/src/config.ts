import { loadConfig } from '@nodetally/shared';
import { type Static, Type } from '@sinclair/typebox';
import { alertsSettings } from './alerts/config.js';
import { earningsServiceSettings, earningsSettings } from './earnings/config-schema.js';
import { rewardSettings } from './rewards/config-schema.js';
import { rollupSettings } from './rollups/settings.js';
import { authSettings } from './web/auth/config.js';

export const HubConfigSchema = Type.Object(
  {
    dataDir: Type.String({ default: './nodetally-data', description: 'directory of the SQLite database' }),
    databaseUrl: Type.Optional(
      Type.String({
        pattern: '^postgres(ql)?://',
        description:
          'PostgreSQL instead of SQLite (scale-out; several hub workers may share it): postgres://user:password@host:5432/database',
      }),
    ),
    host: Type.String({
      default: '127.0.0.1',
      description: 'address the HTTP and MQTT listeners bind; 0.0.0.0 to accept agents from other machines',
    }),
    httpPort: Type.Integer({
      default: 8080,
      minimum: 0,
      maximum: 65535,
      description: 'web page and API port',
    }),
    mqttPort: Type.Integer({
      default: 1883,
      minimum: 0,
      maximum: 65535,
      description: 'embedded MQTT broker port',
    }),
    tlsCertFile: Type.Optional(
      Type.String({ description: 'PEM certificate (chain) of the hub: turns on MQTT over TLS and HTTPS' }),
    ),
    tlsKeyFile: Type.Optional(Type.String({ description: 'PEM private key of tlsCertFile' })),
    mqttTlsPort: Type.Integer({
      default: 8883,
      minimum: 0,
      maximum: 65535,
      description: 'MQTT-over-TLS port, used when a certificate is configured',
    }),
    mqttPlain: Type.Boolean({
      default: true,
      description: 'keep the plain MQTT listener on mqttPort; set false to accept agents over TLS only',
    }),
    brokerUrl: Type.Optional(
      Type.String({
        pattern: '^mqtts?://',
        description:
          'external MQTT broker (e.g. mqtt://127.0.0.1:1883, a Mosquitto set up with `nodetally-hub mosquitto-config`); when set, no embedded broker is started',
      }),
    ),
    brokerUsername: Type.Optional(
      Type.String({ description: "the hub's own account on the external broker (default nodetally-hub)" }),
    ),
    brokerPassword: Type.Optional(Type.String({ description: "password of the hub's broker account" })),
    brokerClientId: Type.Optional(
      Type.String({
        description:
          'MQTT client id of this hub worker on the external broker; unique per worker (default nodetally-hub-<hostname>-<httpPort>)',
      }),
    ),
    auth: Type.Union([Type.Literal('device-token'), Type.Literal('none')], {
      default: 'device-token',
      description:
        'device-token: each agent connects with its device id and token (`nodetally-hub devices add`); none: any client may report as any device (a trusted lab network only)',
    }),
    maxPacketBytes: Type.Integer({
      default: 512 * 1024,
      minimum: 1024,
      maximum: 256 * 1024 * 1024,
      description:
        'largest MQTT packet accepted; a connection announcing a bigger one is dropped before its body is read',
    }),
    rateLimitPerS: Type.Number({
      default: 50,
      exclusiveMinimum: 0,
      description: 'messages per second a device may send on average (bursts up to rateLimitBurst)',
    }),
    rateLimitBurst: Type.Integer({
      default: 500,
      minimum: 1,
      description: 'burst size of the per-device rate limit',
    }),
    offlineAfterIntervals: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 1000,
      description: 'a device that missed this many sampling intervals is shown offline',
    }),
    logLevel: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
      { default: 'info', description: 'pino log level' },
    ),
    ...rewardSettings,
    ...alertsSettings,
    ...authSettings,
    ...earningsSettings,
    ...earningsServiceSettings,
    ...rollupSettings,
  },
  { additionalProperties: false },
);

export type HubConfig = Static<typeof HubConfigSchema>;

/** Defaults with a few settings changed, checked like any other config (for tests and embedding). */
export function hubConfig(overrides: Partial<HubConfig> = {}): HubConfig {
  const { config } = loadConfig(HubConfigSchema, { argv: [], env: {} });
  return { ...config, ...overrides };
}
