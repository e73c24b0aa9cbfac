import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import { toDeviceView } from '../device-view.js';
import { renderFleetPage } from '../page/fleet-page.js';

export function registerPageRoutes(app: FastifyInstance, store: Store, offlineAfterIntervals: number): void {
  app.get('/', async (_request, reply) => {
    const now = Date.now();
    const devices = (await store.listDevices()).map((device) =>
      toDeviceView(device, now, offlineAfterIntervals),
    );
    return reply.type('text/html; charset=utf-8').send(renderFleetPage(devices, now));
  });
}
