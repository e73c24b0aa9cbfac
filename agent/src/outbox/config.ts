import { Type } from '@sinclair/typebox';

export const OutboxConfigProperties = {
  outboxMaxBytes: Type.Integer({
    default: 64 * 1024 * 1024,
    minimum: 64 * 1024,
    maximum: 16 * 1024 * 1024 * 1024,
    description:
      'outbox size on disk; past it the oldest samples are dropped and counted (64 MiB holds days of samples)',
  }),
  outboxFsync: Type.Boolean({
    default: true,
    description:
      'fsync every sample before it is sent; off trades the newest samples on a power cut for fewer writes',
  }),
};
