import { type Static, Type } from '@sinclair/typebox';
import { NvidiaSmiConfigProperties } from './collectors/nvidia-smi/config.js';
import { PowerConfigProperties } from './collectors/power/config.js';
import { RaspberryPiConfigProperties } from './collectors/raspberry-pi/config.js';
import { RocmSmiConfigProperties } from './collectors/rocm-smi/config.js';
import { WorkloadConfigProperties } from './collectors/workloads/config.js';
import { OutboxConfigProperties } from './outbox/config.js';

export const AgentConfigSchema = Type.Object(
  {
    hubUrl: Type.String({
      default: 'mqtt://127.0.0.1:1883',
      pattern: '^(mqtts?|wss?)://',
      description: 'MQTT URL of the hub (or of the external broker the hub uses)',
    }),
    deviceId: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
        description: 'device id; generated from the hostname and kept in the state dir when unset',
      }),
    ),
    username: Type.Optional(Type.String({ description: 'MQTT username (device credential)' })),
    password: Type.Optional(Type.String({ description: 'MQTT password (device token)' })),
    meteredIface: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          'network interface with a data cap or paid traffic (e.g. eth0, wwan0); the hub totals it per month',
      }),
    ),
    caFile: Type.Optional(
      Type.String({
        description: 'PEM file of the CA that signed the hub certificate, for an mqtts:// hub URL',
      }),
    ),
    intervalS: Type.Integer({
      default: 15,
      minimum: 1,
      maximum: 3600,
      description: 'seconds between samples; must divide 60 (below a minute) or 3600 (whole minutes)',
    }),
    stateDir: Type.String({
      default: '~/.local/state/nodetally-agent',
      description: 'where the device id and the outbox are kept (`~` is the home directory)',
    }),
    logLevel: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
      { default: 'info', description: 'pino log level (logs go to stderr)' },
    ),
    ...OutboxConfigProperties,
    ...WorkloadConfigProperties,
    ...RaspberryPiConfigProperties,
    ...NvidiaSmiConfigProperties,
    ...RocmSmiConfigProperties,
    ...PowerConfigProperties,
  },
  { additionalProperties: false },
);

export type AgentConfig = Static<typeof AgentConfigSchema>;
