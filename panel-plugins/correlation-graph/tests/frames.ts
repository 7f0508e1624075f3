/**
 * A small correlation graph as the processor answers it, in frames made by the datasource's own
 * builder (so the panel is checked against the real Node Graph contract):
 *
 *   gpt-4o ──causal 0.9──▶ llm-cost        route:/chat ──trace 0.3── gpt-4o
 *   gpt-4o ──temporal 0.6── llm-observatory
 *   claude (anomalous, no links)
 */
import type { CorrelationGraph, GraphEdge, GraphNode } from '@llm-hub/query-contract';
import { correlationFrames } from '../../../datasource-plugin/src/frames/correlations';

const node = (id: string, type: string, anomalous = 0): GraphNode => ({
  id,
  title: id.split(':')[1]!,
  subtitle: type,
  mainstat: anomalous ? '2 anomalies' : '',
  secondarystat: anomalous ? 'root cause #1' : '',
  arc__anomalous: anomalous,
  arc__normal: 1 - anomalous,
  detail__type: type,
  detail__root_cause_rank: anomalous ? 1 : 0,
});

const edge = (
  id: string,
  source: string,
  target: string,
  kind: GraphEdge['detail__kind'],
  strength: number,
  evidence: number,
): GraphEdge => ({
  id,
  source,
  target,
  mainstat: `${kind} ${strength}`,
  secondarystat: `${evidence} evidence`,
  thickness: 1 + 4 * strength,
  detail__kind: kind,
  detail__strength: strength,
  detail__lag_ms: 0,
  detail__evidence: evidence,
});

export const GRAPH: CorrelationGraph = {
  nodes: [
    node('model:gpt-4o', 'model', 0.5),
    node('module:llm-cost', 'module'),
    node('module:llm-observatory', 'module'),
    node('route:/chat', 'route'),
    node('model:claude', 'model', 0.25),
  ],
  edges: [
    edge('causal-0', 'model:gpt-4o', 'module:llm-cost', 'causal', 0.9, 30),
    edge('temporal-1', 'model:gpt-4o', 'module:llm-observatory', 'temporal', 0.6, 10),
    edge('trace-2', 'route:/chat', 'model:gpt-4o', 'trace', 0.3, 5),
  ],
  rootCauses: [{ id: 'model:gpt-4o', title: 'gpt-4o', score: 0.9 }],
};

export const graphFrames = () => correlationFrames(GRAPH, 'A');
