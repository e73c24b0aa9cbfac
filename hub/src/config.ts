import { type Static, Type } from '@sinclair/typebox';

export const HubConfigSchema = Type.Object(
  {
    dataDir: Type.String({ default: './nodetally-data', description: 'directory of the SQLite database' }),
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
  },
  { additionalProperties: false },
);

export type HubConfig = Static<typeof HubConfigSchema>;
