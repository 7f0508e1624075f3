/**
 * Force-directed layout with d3-force: links pull (stronger links pull harder and hold closer),
 * nodes repel (many-body, Barnes–Hut) and do not overlap (collide), and a weak pull to the centre
 * keeps separate components in view. Run to rest before the first draw, so the graph appears
 * settled rather than wobbling into place; d3 starts from the same phyllotaxis spiral each time,
 * so the same data always gets the same layout. It cools in about 120 ticks rather than d3's 300:
 * from the spiral that is enough to settle, and keeps 500 nodes and 2,000 links under a second.
 */
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationNodeDatum,
} from 'd3-force';
import type { GraphData } from './graphData';

export interface PlacedNode extends SimulationNodeDatum {
  id: string;
  x: number;
  y: number;
  radius: number;
}

export interface Layout {
  /** By node id. */
  positions: Map<string, PlacedNode>;
  ticks: number;
}

/** Ticks until d3's alpha cools from 1 to its minimum, 0.001. */
const SETTLE_TICKS = 120;

export const MIN_RADIUS = 6;
export const MAX_RADIUS = 22;

/** Area proportional to volume, between MIN_RADIUS and MAX_RADIUS. */
export function radiiOf(volumes: number[]): number[] {
  const largest = Math.max(0, ...volumes.filter(Number.isFinite));
  return volumes.map((volume) =>
    largest > 0 && volume > 0
      ? MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(volume / largest)
      : MIN_RADIUS,
  );
}

/** `layoutStrength` scales the repulsion: 2 spreads the graph out, 0.5 draws it together. */
export function layoutGraph(graph: GraphData, layoutStrength = 1): Layout {
  const radii = radiiOf(graph.nodes.map((node) => node.volume));
  // Without x and y: d3 places them on its spiral (and sets x and y, so they are PlacedNodes after).
  const nodes = graph.nodes.map((node, i) => ({ id: node.id, radius: radii[i]! })) as PlacedNode[];
  const links = graph.edges.map((edge) => ({
    source: edge.source,
    target: edge.target,
    strength: edge.strength,
  }));
  const simulation = forceSimulation<PlacedNode>(nodes)
    .force(
      'link',
      forceLink<PlacedNode, (typeof links)[number]>(links)
        .id((node) => node.id)
        .distance((link) => 40 + 50 * (1 - link.strength)),
    )
    .force(
      'charge',
      forceManyBody<PlacedNode>()
        .strength(-60 * layoutStrength)
        .distanceMax(600),
    )
    .force(
      'collide',
      forceCollide<PlacedNode>((node) => node.radius + 4),
    )
    .force('x', forceX<PlacedNode>(0).strength(0.04))
    .force('y', forceY<PlacedNode>(0).strength(0.04))
    .alphaDecay(1 - Math.pow(0.001, 1 / SETTLE_TICKS))
    .stop();
  let ticks = 0;
  while (simulation.alpha() > simulation.alphaMin()) {
    simulation.tick();
    ticks++;
  }
  return { positions: new Map(nodes.map((node) => [node.id, node])), ticks };
}
