import { money } from '../format.js';

/** Net per day as a tiny SVG line with a zero baseline; the summary is in its aria-label. */
export function Sparkline({
  days,
  currency,
}: {
  days: Array<{ day: string; net: string }>;
  currency: string;
}) {
  if (days.length < 2) return <span class="muted">—</span>;
  const values = days.map((d) => Number(d.net));
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const span = max - min || 1;
  const w = 96;
  const h = 28;
  const x = (i: number) => (i / (values.length - 1)) * w;
  const y = (v: number) => h - 2 - ((v - min) / span) * (h - 4);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = days[days.length - 1];
  const total = values.reduce((a, b) => a + b, 0);
  const label = `net per day over ${days.length} days, total ${money(total.toFixed(6), currency)}, last day ${money(last?.net, currency)}`;
  return (
    <svg class="spark" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={label}>
      <line x1="0" x2={w} y1={y(0)} y2={y(0)} class="spark-zero" />
      <polyline points={points} class={total >= 0 ? 'spark-pos' : 'spark-neg'} />
    </svg>
  );
}
