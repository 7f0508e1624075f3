/**
 * The graph in the panel's data: the `nodes` and `edges` frames of Grafana's Node Graph contract
 * (id, title, subtitle, mainstat, secondarystat, arc__*, detail__*, nodeRadius; id, source,
 * target, thickness, detail__kind, detail__strength, …), filtered by the panel's options.
 */
import { type DataFrame, type Field, type LinkModel } from '@grafana/data';
import { SEVERITIES } from '@llm-hub/query-contract';
import type { CorrelationGraphOptions } from './types';

export type Severity = (typeof SEVERITIES)[number];

export interface GraphNode {
  id: string;
  title: string;
  subtitle: string;
  mainstat: string;
  secondarystat: string;
  /** Module, model, route, … (detail__type). */
  type: string;
  /** Share of the node's arc that is anomalous (arc__anomalous), 0–1. */
  anomalous: number;
  severity?: Severity;
  /** What the node's size stands for: its nodeRadius field, else the evidence of its links. */
  volume: number;
  /** detail__* fields, for the tooltip. */
  details: Array<[string, string]>;
  /** Data links of the nodes frame's fields, for this row. */
  links: () => LinkModel[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  /** Absolute strength, 0–1. */
  strength: number;
  /** How many observations back the link (detail__evidence); 1 where not said. */
  evidence: number;
  mainstat: string;
  secondarystat: string;
  details: Array<[string, string]>;
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Kinds of link in the data, before filtering (for the options and legend). */
  kinds: string[];
}

export type GraphLookup = { graph: GraphData } | { problem: string };

const fieldOf = (frame: DataFrame, name: string): Field | undefined =>
  frame.fields.find((field) => field.name === name);

const isEdges = (frame: DataFrame) => Boolean(fieldOf(frame, 'source') && fieldOf(frame, 'target'));
const isNodes = (frame: DataFrame) => Boolean(fieldOf(frame, 'id')) && !isEdges(frame);

function reader(frame: DataFrame) {
  const text = (name: string, row: number) => {
    const value = fieldOf(frame, name)?.values[row];
    return value === null || value === undefined ? '' : String(value);
  };
  const number = (name: string, row: number) => {
    const value = Number(fieldOf(frame, name)?.values[row]);
    return Number.isFinite(value) ? value : undefined;
  };
  const details = (row: number): Array<[string, string]> =>
    frame.fields
      .filter((field) => field.name.startsWith('detail__'))
      .map((field) => [
        field.config.displayName ?? field.name.slice(8).replaceAll('_', ' '),
        text(field.name, row),
      ]);
  return { text, number, details };
}

const isSeverity = (value: string): value is Severity => SEVERITIES.includes(value as Severity);

/** From the anomalous share of the arc where no detail__severity says it. */
function severityOf(anomalous: number, stated: string): Severity | undefined {
  if (isSeverity(stated)) return stated;
  if (anomalous >= 0.75) return 'critical';
  if (anomalous >= 0.5) return 'high';
  if (anomalous >= 0.25) return 'medium';
  return anomalous > 0 ? 'low' : undefined;
}

function readNodes(frame: DataFrame): GraphNode[] {
  const { text, number, details } = reader(frame);
  const linked = frame.fields.filter((field) => field.getLinks);
  return Array.from({ length: frame.length }, (_, row) => {
    const anomalous = number('arc__anomalous', row) ?? 0;
    return {
      id: text('id', row),
      title: text('title', row) || text('id', row),
      subtitle: text('subtitle', row),
      mainstat: text('mainstat', row),
      secondarystat: text('secondarystat', row),
      type: text('detail__type', row) || 'node',
      anomalous,
      severity: severityOf(anomalous, text('detail__severity', row)),
      volume: number('nodeRadius', row) ?? Number.NaN,
      details: details(row),
      links: () => linked.flatMap((field) => field.getLinks!({ valueRowIndex: row })),
    };
  });
}

function readEdges(frame: DataFrame): GraphEdge[] {
  const { text, number, details } = reader(frame);
  return Array.from({ length: frame.length }, (_, row) => ({
    id: text('id', row) || `edge-${row}`,
    source: text('source', row),
    target: text('target', row),
    kind: text('detail__kind', row) || 'link',
    // Without detail__strength, Node Graph's thickness (1 to 5 px) stands in for it.
    strength: Math.min(1, Math.abs(number('detail__strength', row) ?? (number('thickness', row) ?? 1) / 5)),
    evidence: number('detail__evidence', row) || 1,
    mainstat: text('mainstat', row),
    secondarystat: text('secondarystat', row),
    details: details(row),
  }));
}

/** Nodes without a nodeRadius are as big as the evidence of their links (1 a link without any). */
function fillVolumes(nodes: GraphNode[], edges: GraphEdge[]) {
  const evidence = new Map<string, number>();
  for (const edge of edges) {
    evidence.set(edge.source, (evidence.get(edge.source) ?? 0) + edge.evidence);
    evidence.set(edge.target, (evidence.get(edge.target) ?? 0) + edge.evidence);
  }
  for (const node of nodes) if (Number.isNaN(node.volume)) node.volume = evidence.get(node.id) ?? 0;
}

export function findGraph(
  frames: DataFrame[],
  options: Pick<CorrelationGraphOptions, 'minStrength' | 'kinds'>,
): GraphLookup {
  const nodesFrame = frames.find((frame) => frame.name === 'nodes' && isNodes(frame)) ?? frames.find(isNodes);
  const edgesFrame = frames.find((frame) => frame.name === 'edges' && isEdges(frame)) ?? frames.find(isEdges);
  if (!nodesFrame && !edgesFrame) {
    const seen = frames.filter((frame) => frame.fields.length > 0);
    return {
      problem:
        seen.length === 0
          ? 'No data'
          : 'No graph in the data: expected a nodes frame (id, title, …) and an edges frame (id, source, target, …) ' +
            `as the Node Graph panel reads them; found ${seen.map((f) => `${f.name ?? f.refId} (${f.fields.map((x) => x.name).join(', ')})`).join('; ')}`,
    };
  }
  const allNodes = nodesFrame ? readNodes(nodesFrame) : [];
  const allEdges = edgesFrame ? readEdges(edgesFrame) : [];
  // An edge may name a node the nodes frame lacks: it gets one of its own.
  const known = new Set(allNodes.map((node) => node.id));
  for (const id of allEdges.flatMap((edge) => [edge.source, edge.target])) {
    if (known.has(id)) continue;
    known.add(id);
    allNodes.push({
      id,
      title: id,
      subtitle: '',
      mainstat: '',
      secondarystat: '',
      type: 'node',
      anomalous: 0,
      volume: Number.NaN,
      details: [],
      links: () => [],
    });
  }
  const kinds = [...new Set(allEdges.map((edge) => edge.kind))].sort();
  const edges = allEdges.filter(
    (edge) =>
      edge.strength >= options.minStrength &&
      (options.kinds.length === 0 || options.kinds.includes(edge.kind)),
  );
  // Nodes the filters left without links go too, unless something was wrong with them.
  const linked = new Set(edges.flatMap((edge) => [edge.source, edge.target]));
  const nodes = allNodes.filter((node) => linked.has(node.id) || node.anomalous > 0);
  fillVolumes(nodes, edges);
  return { graph: { nodes, edges, kinds } };
}
