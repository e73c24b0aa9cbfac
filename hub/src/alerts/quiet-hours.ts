import { Type } from '@sinclair/typebox';
import type { Severity } from './types.js';

const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const QuietHoursConfig = Type.Object(
  {
    start: HhMm,
    end: HhMm,
    timeZone: Type.String({ default: 'UTC', description: 'IANA zone of start and end' }),
    mode: Type.Union([Type.Literal('hold'), Type.Literal('drop')], {
      default: 'hold',
      description:
        'hold: messages wait for the end of quiet hours and only what is still true is sent; drop: nothing from quiet hours is ever sent',
    }),
    except: Type.Array(
      Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
      {
        default: [],
        description: 'severities that are sent even in quiet hours',
      },
    ),
  },
  { additionalProperties: false },
);

export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
  mode: 'hold' | 'drop';
  except: Severity[];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight in `timeZone`. */
export function localMinutes(now: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Whether `now` falls in [start, end) local time; a start after the end wraps midnight. */
export function inQuietHours(q: QuietHours | null, now: number): boolean {
  if (!q) return false;
  const m = localMinutes(now, q.timeZone);
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return false;
  return s < e ? m >= s && m < e : m >= s || m < e;
}
