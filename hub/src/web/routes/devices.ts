import { Meta, Nullable, Sample } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import { toDeviceView } from '../device-view.js';

const DeviceView = Type.Object({
  device_id: Type.String(),
  name: Nullable(Type.String()),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]),
  first_seen_ms: Type.Integer(),
  last_seen_ms: Type.Integer(),
  last_seq: Type.Integer(),
  meta: Nullable(Meta),
  latest: Nullable(Sample),
});

export function registerDeviceRoutes(
  app: FastifyInstance,
  store: Store,
  offlineAfterIntervals: number,
): void {
  app.get(
    '/api/v1/devices',
    {
      schema: {
        tags: ['devices'],
        summary: 'List devices',
        description: 'Every device with its state, last-seen time, inventory and latest sample',
        response: { 200: Type.Object({ devices: Type.Array(DeviceView) }) },
      },
    },
    async () => {
      const now = Date.now();
      const devices = await store.listDevices();
      return { devices: devices.map((device) => toDeviceView(device, now, offlineAfterIntervals)) };
    },
  );
}
