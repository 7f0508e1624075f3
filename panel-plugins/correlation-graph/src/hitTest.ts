/** What is under the cursor, in graph coordinates: the topmost node, else the nearest link. */
import type { GraphEdge } from './graphData';
import type { PlacedNode } from './layout';

export function nodeAt(nodes: PlacedNode[], x: number, y: number, slack = 0): PlacedNode | undefined {
  // Drawn in order, so the last one hit is on top.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if ((node.x - x) ** 2 + (node.y - y) ** 2 <= (node.radius + slack) ** 2) return node;
  }
  return undefined;
}

/** Distance from (x, y) to the segment a–b. */
export function distanceToSegment(
  x: number,
  y: number,
  a: { x: number; y: number },
  b: { x: number; y: number },
): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / length2));
  return Math.hypot(x - (a.x + t * dx), y - (a.y + t * dy));
}

export function edgeAt(
  edges: GraphEdge[],
  positions: Map<string, PlacedNode>,
  x: number,
  y: number,
  tolerance: number,
): GraphEdge | undefined {
  let best: GraphEdge | undefined;
  let bestDistance = tolerance;
  for (const edge of edges) {
    const a = positions.get(edge.source);
    const b = positions.get(edge.target);
    if (!a || !b) continue;
    const distance = distanceToSegment(x, y, a, b);
    if (distance <= bestDistance) {
      best = edge;
      bestDistance = distance;
    }
  }
  return best;
}
