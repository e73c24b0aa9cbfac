import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import type { FleetDeviceRows } from '../fleet/device-rows.js';
import { autoResolution, loadSeries } from '../fleet/series.js';
import { DeviceParams, ErrorView, SeriesQuery, SeriesView } from './series-schemas.js';

const DAY_MS = 86_400_000;

export const deviceUnknown = (id: string) => ({
  error: 'NT_ERR_WEB_DEVICE_UNKNOWN',
  message: `no device ${id}`,
});

/** `GET /api/v1/devices/:id/series`: chart data from raw samples or the hour / day rollups. */
export function registerSeriesRoutes(app: FastifyInstance, store: Store, devices: FleetDeviceRows): void {
  app.get(
    '/api/v1/devices/:id/series',
    {
      schema: {
        tags: ['devices'],
        summary: 'Chart data of one device (CPU, memory, temperature, power, network, GPUs) over a range',
        params: DeviceParams,
        querystring: SeriesQuery,
        response: { 200: SeriesView, 400: ErrorView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      const { id } = request.params as typeof DeviceParams.static;
      const query = request.query as typeof SeriesQuery.static;
      const to = query.to ?? Date.now();
      const from = query.from ?? Math.max(0, to - DAY_MS);
      if (from >= to) {
        return reply.code(400).send({ error: 'NT_ERR_WEB_RANGE', message: 'from must be before to' });
      }
      if (!(await devices.has(id))) return reply.code(404).send(deviceUnknown(id));
      const resolution = query.resolution === 'auto' ? autoResolution(from, to) : query.resolution;
      const series = await loadSeries(store, id, from, to, resolution);
      return { device_id: id, from, to, ...series };
    },
  );
}
