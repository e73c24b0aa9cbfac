import { Nullable } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';

const DeviceId = Type.String({ minLength: 1, maxLength: 128 });
const Source = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'registry id (helium, solana-spl/render, akash…) or a network served by one source (render)',
});

export const AccountView = Type.Object({
  source: Type.String({ description: 'registry id of the reward source' }),
  network: Type.String(),
  account: Type.String(),
  label: Nullable(Type.String()),
  devices: Type.Array(Type.String(), { description: 'devices its rewards are attributed to' }),
  last_success_ms: Nullable(Type.Integer({ description: 'last successful sync' })),
  last_error: Nullable(Type.String()),
});

export const AccountsView = Type.Object({ accounts: Type.Array(AccountView) });

export const NewAccountBody = Type.Object(
  {
    network: Source,
    account: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'wallet, owner, node or provider address',
    }),
    label: Type.Optional(Type.String({ maxLength: 200 })),
    devices: Type.Array(DeviceId, { maxItems: 1000, default: [] }),
  },
  { additionalProperties: false },
);

export const LinkBody = Type.Object(
  { source: Source, account: Type.String({ minLength: 1, maxLength: 256 }), device_id: DeviceId },
  { additionalProperties: false },
);

export const LinkView = Type.Object({
  source: Type.String(),
  account: Type.String(),
  device_id: Type.String(),
  changed: Type.Boolean({ description: 'false: the link was already there (POST)' }),
});
