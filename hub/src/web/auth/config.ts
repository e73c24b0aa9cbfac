import { Type } from '@sinclair/typebox';

/** The web login's settings (spread into the hub's config schema). */
export const authSettings = {
  adminPassword: Type.Optional(
    Type.String({
      minLength: 8,
      description:
        'password of the `admin` user created on first start (when no user exists yet); unset: a random one, written to initial-admin-password in dataDir',
    }),
  ),
  sessionTtlHours: Type.Number({
    default: 168,
    exclusiveMinimum: 0,
    maximum: 24 * 365,
    description: 'how long a web login lasts',
  }),
  loginAttemptsPerMinute: Type.Integer({
    default: 10,
    minimum: 1,
    description: 'login attempts allowed per client IP and minute (then HTTP 429 with Retry-After)',
  }),
};
