import { Gauge, type Registry } from 'prom-client';
import type { FleetEarningsSnapshot, MoneyTriple } from '../../earnings-service/service.js';

/**
 * Earnings from the earnings service's cached snapshot (recomputed every earningsRefreshS, not per
 * scrape). Money is in the currency named by the `currency` label (the hub's earnings currency, one
 * per hub), so the names carry no unit suffix. Labels: `device_id`, `currency`. The exact 6-decimal
 * strings become floats here: good for graphs, not for accounting (use the API for that).
 */
export function registerEarningsMetrics(registry: Registry) {
  const gauge = (name: string, help: string, labelNames: readonly string[] = ['device_id', 'currency']) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const g = {
    computed: gauge(
      'nodetally_earnings_computed_timestamp_seconds',
      'When the earnings snapshot was computed.',
      ['currency'],
    ),
    netToday: gauge(
      'nodetally_device_net_today',
      'Net earnings of the device today (local day), after energy and fixed costs.',
    ),
    grossToday: gauge('nodetally_device_gross_today', 'Gross earnings of the device today (local day).'),
    netMonth: gauge('nodetally_device_net_month_to_date', 'Net earnings of the device this month so far.'),
    grossMonth: gauge(
      'nodetally_device_gross_month_to_date',
      'Gross earnings of the device this month so far.',
    ),
    energyMonth: gauge(
      'nodetally_device_energy_cost_month_to_date',
      'Energy cost of the device this month so far (absent when unknown: no tariff).',
    ),
    projected: gauge(
      'nodetally_device_projected_month_net',
      'Net earnings projected for the whole month (absent without enough history).',
    ),
    fleetNetToday: gauge('nodetally_fleet_net_today', 'Net earnings of all devices today.', ['currency']),
    fleetNetMonth: gauge(
      'nodetally_fleet_net_month_to_date',
      'Net earnings of all devices this month so far.',
      ['currency'],
    ),
  };

  return function update(snapshot: FleetEarningsSnapshot | null) {
    for (const metric of Object.values(g)) metric.reset();
    if (!snapshot) return;
    const { currency } = snapshot;
    g.computed.set({ currency }, snapshot.computed_ms / 1000);
    const set = (metric: Gauge, value: string | null, labels: Record<string, string>) => {
      if (value !== null) metric.set({ ...labels, currency }, Number(value));
    };
    for (const d of snapshot.devices) {
      const labels = { device_id: d.device_id };
      set(g.netToday, d.today.net, labels);
      set(g.grossToday, d.today.gross, labels);
      set(g.netMonth, d.month_to_date.net, labels);
      set(g.grossMonth, d.month_to_date.gross, labels);
      set(g.energyMonth, d.month_to_date.energy, labels);
      set(g.projected, d.projected_month_net, labels);
    }
    const totals: { today: MoneyTriple; month_to_date: MoneyTriple } = snapshot.totals;
    set(g.fleetNetToday, totals.today.net, {});
    set(g.fleetNetMonth, totals.month_to_date.net, {});
  };
}
