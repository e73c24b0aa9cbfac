import { money, tone } from '../format.js';
import type { MoneyTriple } from '../types.js';

/** Gross − energy − fixed = net, as a row of cards. */
export function Totals({ label, t, currency }: { label: string; t: MoneyTriple; currency: string }) {
  return (
    <section class="totals" aria-label={`${label} totals`}>
      <h2 class="totals-title">{label}</h2>
      <div class="totals-cards">
        <div class="card stat">
          <span class="stat-label">Gross</span>
          <span class="stat-value">{money(t.gross, currency)}</span>
        </div>
        <div class="card stat">
          <span class="stat-label">Energy</span>
          <span class="stat-value">{t.energy === null ? 'unknown' : money(`-${t.energy}`, currency)}</span>
        </div>
        {Number(t.fixed) !== 0 && (
          <div class="card stat">
            <span class="stat-label">Fixed</span>
            <span class="stat-value">{money(`-${t.fixed}`, currency)}</span>
          </div>
        )}
        <div class="card stat stat-net">
          <span class="stat-label">Net</span>
          <span class={`stat-value money-${tone(t.net)}`} data-total-net={label}>
            {money(t.net, currency)}
          </span>
        </div>
      </div>
    </section>
  );
}
