/**
 * How things look: node colours by type or severity, and each kind of link's colour, dash and
 * whether it has a direction (an arrow). Colours are Grafana palette names, resolved by the theme.
 */
import type { GrafanaTheme2 } from '@grafana/data';
import type { GraphNode, Severity } from './graphData';
import type { ColorBy } from './types';

export interface KindStyle {
  color: string;
  dash: number[];
  directed: boolean;
  label: string;
}

/** The processor's kinds of link; others get a colour from the classic palette, solid. */
export const KIND_STYLES: Record<string, KindStyle> = {
  causal: { color: 'red', dash: [], directed: true, label: 'Causal' },
  trace: { color: 'blue', dash: [], directed: false, label: 'Shared traces' },
  temporal: { color: 'purple', dash: [6, 4], directed: false, label: 'Busy together' },
  metric_lag: { color: 'green', dash: [2, 3], directed: true, label: 'Leads (lag)' },
  cost_performance: { color: 'yellow', dash: [8, 3, 2, 3], directed: false, label: 'Cost with performance' },
  security_compliance: { color: 'orange', dash: [], directed: true, label: 'Threat then violation' },
  anomaly_cooccurrence: { color: 'light-red', dash: [4, 4], directed: false, label: 'Anomalous together' },
};

export const TYPE_COLORS: Record<string, string> = {
  module: 'purple',
  model: 'blue',
  route: 'green',
  series: 'yellow',
};

export const SEVERITY_COLORS: Record<Severity, string> = {
  low: 'blue',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

/** A stable palette colour for a name nothing above knows. */
function paletteColor(name: string, theme: GrafanaTheme2): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  const palette = theme.visualization.palette;
  return theme.visualization.getColorByName(palette[Math.abs(hash) % palette.length]!);
}

export function kindStyle(kind: string, theme: GrafanaTheme2): KindStyle {
  const style = KIND_STYLES[kind];
  if (!style)
    return { color: paletteColor(kind, theme), dash: [], directed: false, label: kind.replaceAll('_', ' ') };
  return { ...style, color: theme.visualization.getColorByName(style.color) };
}

/** What a node's colour says, for the legend: its type, or its severity ("normal" without one). */
export const colorKeyOf = (node: GraphNode, colorBy: ColorBy): string =>
  colorBy === 'type' ? node.type : (node.severity ?? 'normal');

export function nodeColor(key: string, colorBy: ColorBy, theme: GrafanaTheme2): string {
  if (colorBy === 'severity') {
    const name = SEVERITY_COLORS[key as Severity];
    return name ? theme.visualization.getColorByName(name) : theme.colors.text.disabled;
  }
  return TYPE_COLORS[key] ? theme.visualization.getColorByName(TYPE_COLORS[key]) : paletteColor(key, theme);
}
