import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { enrollDevice } from '../../devices/credentials.js';
import type { Store } from '../../store/types.js';

/**
 * The one route besides /healthz that needs no login: a one-time enrollment token (from
 * `nodetally-hub devices enroll-token`) is traded for a device id and token by the install script.
 */
export function registerEnrollRoutes(app: FastifyInstance, store: Store): void {
  app.post(
    '/api/v1/enroll',
    {
      schema: {
        tags: ['devices'],
        summary: 'Enroll a device',
        description:
          'Trades a one-time enrollment token for a device id and its MQTT token (used by install.sh; no login)',
        body: Type.Object(
          {
            token: Type.String({ minLength: 16, maxLength: 128 }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            device_id: Type.String(),
            name: Type.String(),
            token: Type.String({ description: 'the device’s MQTT password, shown only here' }),
          }),
          403: Type.Object({ error: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const { token, name } = request.body as { token: string; name: string };
      const credential = await enrollDevice(store, token, name);
      if (!credential) return reply.code(403).send({ error: 'enrollment token unknown, used or expired' });
      return reply.code(201).send(credential);
    },
  );
}
