/**
 * The correlation graph panel: the Node Graph frames in the panel's data, filtered by the options,
 * laid out by d3-force, drawn on a canvas; hover for details, click a node to highlight what it is
 * linked to and to drill down, drag and wheel to pan and zoom.
 */
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { PanelMessage } from '../../../shared/PanelMessage';
import { findGraph, type GraphData, type GraphNode } from '../graphData';
import { sceneOf } from '../graphScene';
import { colorKeyOf, kindStyle, nodeColor } from '../graphStyle';
import { layoutGraph } from '../layout';
import { neighbourhoodOf } from '../neighbourhood';
import type { CorrelationGraphOptions } from '../types';
import { GraphCanvas, type Hovered } from './GraphCanvas';
import { GraphLegend } from './GraphLegend';
import { GraphTooltip } from './GraphTooltip';
import { NodeDetails } from './NodeDetails';

export function CorrelationGraphPanel({ data, options, width, height }: PanelProps<CorrelationGraphOptions>) {
  const { minStrength, kinds } = options;
  const lookup = useMemo(
    () => findGraph(data.series, { minStrength, kinds }),
    [data.series, minStrength, kinds],
  );
  if ('problem' in lookup || lookup.graph.nodes.length === 0) {
    const failed =
      data.state === LoadingState.Error ? (data.errors?.[0]?.message ?? data.error?.message) : undefined;
    if (failed) return <PanelMessage tone="error">{failed}</PanelMessage>;
    const problem =
      'problem' in lookup ? lookup.problem : 'No links at or above the minimum strength, of the kinds shown';
    return <PanelMessage>{problem}</PanelMessage>;
  }
  return <Graph graph={lookup.graph} options={options} width={width} height={height} />;
}

interface GraphProps {
  graph: GraphData;
  options: CorrelationGraphOptions;
  width: number;
  height: number;
}

function Graph({ graph, options, width, height }: GraphProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { layoutStrength, colorBy, labels } = options;
  const layout = useMemo(() => layoutGraph(graph, layoutStrength), [graph, layoutStrength]);
  const scene = useMemo(
    () => sceneOf(graph, layout, { colorBy, labels }, theme),
    [graph, layout, colorBy, labels, theme],
  );
  const [selectedId, setSelectedId] = useState<string>();
  const [hovered, setHovered] = useState<Hovered>();
  const legend = useRef<HTMLDivElement>(null);
  const [legendHeight, setLegendHeight] = useState(0);
  useLayoutEffect(
    () => setLegendHeight(options.showLegend ? (legend.current?.offsetHeight ?? 0) : 0),
    // The legend wraps to more lines as the panel narrows.
    [options.showLegend, graph, colorBy, width],
  );

  const graphHeight = Math.max(0, height - legendHeight);
  const byId = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node])), [graph]);
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const highlight = useMemo(
    () => (selected ? neighbourhoodOf(selected.id, graph.edges) : undefined),
    [selected, graph],
  );
  const neighbours = highlight
    ? [...highlight.nodes].filter((id) => id !== selected?.id).flatMap((id) => byId.get(id) ?? [])
    : [];
  const nodeKeys = useMemo(() => {
    const keys = [...new Set(graph.nodes.map((node) => colorKeyOf(node, colorBy)))].sort();
    return keys.map((key) => ({ label: key, color: nodeColor(key, colorBy, theme) }));
  }, [graph, colorBy, theme]);
  const shownKinds = [...new Set(graph.edges.map((edge) => edge.kind))]
    .sort()
    .map((kind) => kindStyle(kind, theme));

  return (
    <div className={styles.panel} style={{ width, height }}>
      <div className={styles.graph}>
        <GraphCanvas
          scene={scene}
          layout={layout}
          width={width}
          height={graphHeight}
          highlight={highlight}
          onSelect={(node: GraphNode | undefined) => setSelectedId(node?.id)}
          onHover={setHovered}
        />
        {hovered && (
          <GraphTooltip
            hovered={hovered}
            titleOf={(id) => byId.get(id)?.title ?? id}
            width={width}
            height={graphHeight}
          />
        )}
        {selected && (
          <NodeDetails
            node={selected}
            neighbours={neighbours}
            variable={options.variable}
            onClose={() => setSelectedId(undefined)}
          />
        )}
      </div>
      {options.showLegend && (
        <div ref={legend}>
          <GraphLegend nodeKeys={nodeKeys} kinds={shownKinds} />
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  graph: css({
    position: 'relative',
    flexGrow: 1,
    minHeight: 0,
    background: theme.colors.background.primary,
  }),
});
