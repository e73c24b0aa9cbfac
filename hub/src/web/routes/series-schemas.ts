import { Type } from '@sinclair/typebox';

const Ms = (description = 'UTC epoch milliseconds') => Type.Integer({ minimum: 0, description });
/** `type: [number, null]` rather than a union: the serializer writes it without trying each branch. */
const NumberOrNull = Type.Unsafe<number | null>({ type: ['number', 'null'] });
const Column = (description: string) => Type.Array(NumberOrNull, { description });

export const DeviceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

export const SeriesQuery = Type.Object(
  {
    from: Type.Optional(Ms('range start (default: to − 24 h)')),
    to: Type.Optional(Ms('range end, exclusive (default: now)')),
    resolution: Type.Union(
      [Type.Literal('auto'), Type.Literal('raw'), Type.Literal('hour'), Type.Literal('day')],
      {
        default: 'auto',
        description:
          'auto: raw samples up to 24 h (≤ 1,000 buckets), hourly rollups up to 60 days, daily beyond',
      },
    ),
  },
  { additionalProperties: false },
);

export const SeriesView = Type.Object(
  {
    device_id: Type.String(),
    resolution: Type.Union([Type.Literal('raw'), Type.Literal('hour'), Type.Literal('day')]),
    from: Ms(),
    to: Ms(),
    step_ms: Type.Integer({ description: 'bucket length; each ts is a bucket start' }),
    ts: Type.Array(Ms(), { description: 'bucket starts; every column has one value per ts' }),
    online_pct: Column('share of the bucket the device was online (raw: 100 where it reported)'),
    cpu_pct: Column('mean CPU load'),
    mem_pct: Column('mean memory used / total'),
    temp_c: Column('hottest CPU / SoC temperature'),
    power_w: Column('mean device power'),
    rx_bps: Column('bytes per second received (every interface but lo)'),
    tx_bps: Column('bytes per second sent'),
    gpus: Type.Array(
      Type.Object({
        index: Type.Integer(),
        util_pct: Column('mean utilization'),
        temp_c: Column('hottest temperature'),
        power_w: Column('mean power draw'),
      }),
    ),
  },
  { description: 'Columnar (uPlot) chart data; a bucket without data is missing, a null is unmeasured' },
);

export const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
