/**
 * The correlation graph as the two frames of Grafana's Node Graph contract (`nodes`, `edges`, with
 * its field names), which the node graph panel and this repository's correlation graph panel read.
 */
import { createDataFrame, FieldType, type DataFrame, type FieldConfig } from '@grafana/data';
import type { CorrelationGraph, GraphEdge, GraphNode } from '@llm-hub/query-contract';

const meta = { preferredVisualisationType: 'nodeGraph' as const };

/** Node Graph colours each arc__ field by its fixed colour. */
const arcColour = (color: string): FieldConfig => ({ color: { mode: 'fixed', fixedColor: color } });

const ARC_COLOURS: Record<string, string> = { arc__anomalous: 'red', arc__normal: 'green' };

const typeOf = (value: unknown) => (typeof value === 'number' ? FieldType.number : FieldType.string);

function frameOf<T extends object>(name: string, refId: string, rows: T[], columns: Array<keyof T & string>) {
  return createDataFrame({
    refId,
    name,
    meta,
    fields: columns.map((column) => ({
      name: column,
      type: typeOf(rows[0]?.[column]),
      values: rows.map((row) => row[column]),
      config: ARC_COLOURS[column] ? arcColour(ARC_COLOURS[column]) : {},
    })),
  });
}

const NODE_FIELDS: Array<keyof GraphNode> = [
  'id',
  'title',
  'subtitle',
  'mainstat',
  'secondarystat',
  'arc__anomalous',
  'arc__normal',
  'detail__type',
  'detail__root_cause_rank',
];

const EDGE_FIELDS: Array<keyof GraphEdge> = [
  'id',
  'source',
  'target',
  'mainstat',
  'secondarystat',
  'thickness',
  'detail__kind',
  'detail__strength',
  'detail__lag_ms',
  'detail__evidence',
];

export function correlationFrames(graph: CorrelationGraph, refId: string): DataFrame[] {
  return [
    frameOf('nodes', refId, graph.nodes, NODE_FIELDS),
    frameOf('edges', refId, graph.edges, EDGE_FIELDS),
  ];
}
