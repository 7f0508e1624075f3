/** The graph, its layout and the options as what drawGraph draws: colours resolved by the theme. */
import type { GrafanaTheme2 } from '@grafana/data';
import type { Scene } from './drawGraph';
import type { GraphData } from './graphData';
import { colorKeyOf, kindStyle, nodeColor } from './graphStyle';
import type { Layout } from './layout';
import type { CorrelationGraphOptions } from './types';

export function sceneOf(
  graph: GraphData,
  layout: Layout,
  options: Pick<CorrelationGraphOptions, 'colorBy' | 'labels'>,
  theme: GrafanaTheme2,
): Scene {
  return {
    nodes: graph.nodes,
    edges: graph.edges,
    positions: layout.positions,
    nodeColors: new Map(
      graph.nodes.map((node) => [
        node.id,
        nodeColor(colorKeyOf(node, options.colorBy), options.colorBy, theme),
      ]),
    ),
    edgeStyles: new Map(graph.kinds.map((kind) => [kind, kindStyle(kind, theme)])),
    labels: options.labels,
    colors: {
      text: theme.colors.text.primary,
      background: theme.colors.background.primary,
      anomaly: theme.visualization.getColorByName('red'),
      hover: theme.colors.text.maxContrast,
    },
    font: `${theme.typography.bodySmall.fontSize} ${theme.typography.fontFamily}`,
  };
}

/** The extent of the laid-out nodes, radii included. */
export function boundsOf(layout: Layout) {
  const placed = [...layout.positions.values()];
  if (placed.length === 0) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  return {
    minX: Math.min(...placed.map((node) => node.x - node.radius)),
    minY: Math.min(...placed.map((node) => node.y - node.radius)),
    maxX: Math.max(...placed.map((node) => node.x + node.radius)),
    maxY: Math.max(...placed.map((node) => node.y + node.radius)),
  };
}
