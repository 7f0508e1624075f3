/** The processor's units as Grafana unit ids, so panels format values (12 ms, $1.20, 40 %). */
const GRAFANA_UNITS: Record<string, string> = {
  ms: 'ms',
  s: 's',
  USD: 'currencyUSD',
  ratio: 'percentunit',
  events: 'short',
};

/** Grafana's id for a processor unit; a unit Grafana lacks is shown as a suffix ("12 tokens"). */
export function grafanaUnit(unit: string): string {
  return GRAFANA_UNITS[unit] ?? `suffix: ${unit}`;
}
