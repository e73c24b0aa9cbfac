import { type Static, Type } from '@sinclair/typebox';

/** Only the fields we read, as the recorded responses in testdata/ carry them. */
export const SignatureList = Type.Array(
  Type.Object({
    signature: Type.String({ minLength: 1 }),
    slot: Type.Integer(),
    err: Type.Unknown(),
    blockTime: Type.Union([Type.Integer(), Type.Null()]),
  }),
);

export const TokenAccounts = Type.Object({
  value: Type.Array(Type.Object({ pubkey: Type.String({ minLength: 1 }) })),
});

const TokenBalance = Type.Object({
  accountIndex: Type.Integer(),
  mint: Type.String(),
  owner: Type.Optional(Type.String()),
  uiTokenAmount: Type.Object({ amount: Type.String({ pattern: '^[0-9]+$' }), decimals: Type.Integer() }),
});

const Instruction = Type.Object({ programId: Type.Optional(Type.String()) });

export const Transaction = Type.Object({
  slot: Type.Integer(),
  blockTime: Type.Union([Type.Integer(), Type.Null()]),
  transaction: Type.Object({
    signatures: Type.Optional(Type.Array(Type.String())),
    message: Type.Object({
      accountKeys: Type.Array(Type.Union([Type.String(), Type.Object({ pubkey: Type.String() })])),
      instructions: Type.Array(Instruction),
    }),
  }),
  meta: Type.Object({
    err: Type.Unknown(),
    preTokenBalances: Type.Optional(Type.Array(TokenBalance)),
    postTokenBalances: Type.Optional(Type.Array(TokenBalance)),
    innerInstructions: Type.Optional(
      Type.Union([Type.Null(), Type.Array(Type.Object({ instructions: Type.Array(Instruction) }))]),
    ),
  }),
});

export type SolanaTransaction = Static<typeof Transaction>;
