import { Type } from '@sinclair/typebox';

const Url = Type.String({ pattern: '^https?://' });

export const RewardAccountConfig = Type.Object(
  {
    network: Type.String({
      minLength: 1,
      description:
        'source id (helium, solana-spl/render, akash, flux, theta, filecoin, …) or a network it alone serves',
    }),
    account: Type.String({
      minLength: 1,
      description: 'wallet, owner, node payment address, provider or miner id',
    }),
    label: Type.Optional(Type.String()),
    devices: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

/** The settings the rewards scheduler reads; spread into the hub's config schema. */
export const rewardSettings = {
  rewardAccounts: Type.Array(RewardAccountConfig, {
    default: [],
    description:
      'reward accounts to sync (JSON in a variable or flag): [{"network": "helium", "account": "<wallet>", "label": "Roof", "devices": ["pi-1"], "options": {…}}]',
  }),
  rewardBaseUrls: Type.Object(
    {
      solana: Type.Optional(Url),
      akash: Type.Optional(Url),
      flux: Type.Optional(Url),
      theta: Type.Optional(Url),
      spacescope: Type.Optional(Url),
      coingecko: Type.Optional(Url),
      pyth: Type.Optional(Url),
    },
    {
      default: {},
      additionalProperties: false,
      description:
        'base URL per endpoint (JSON in a variable or flag): solana (helium and SPL tokens), akash, flux, theta, spacescope (filecoin), coingecko, pyth; real public endpoints by default',
    },
  ),
  rewardsIntervalS: Type.Integer({
    default: 900,
    minimum: 0,
    description: 'seconds between reward syncs of each account; 0 turns the scheduler off',
  }),
  pricesIntervalS: Type.Integer({
    default: 3600,
    minimum: 60,
    description: 'seconds between price syncs (hourly history for the hours of rewards, and spot)',
  }),
  coingeckoApiKey: Type.Optional(
    Type.String({ minLength: 1, description: 'CoinGecko demo API key (sent as x-cg-demo-api-key)' }),
  ),
  spacescopeApiKey: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Spacescope API key for filecoin reward accounts (sent as authorization: Bearer)',
    }),
  ),
};
