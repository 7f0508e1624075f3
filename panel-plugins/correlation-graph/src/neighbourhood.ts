/** A node and what it links to, directly: what the graph highlights when the node is clicked. */
import type { GraphEdge } from './graphData';

export interface Neighbourhood {
  nodes: Set<string>;
  edges: Set<string>;
}

export function neighbourhoodOf(id: string, edges: GraphEdge[]): Neighbourhood {
  const nodes = new Set([id]);
  const linked = new Set<string>();
  for (const edge of edges) {
    if (edge.source !== id && edge.target !== id) continue;
    nodes.add(edge.source).add(edge.target);
    linked.add(edge.id);
  }
  return { nodes, edges: linked };
}
