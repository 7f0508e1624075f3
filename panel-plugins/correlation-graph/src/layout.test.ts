import { findGraph, type GraphData } from './graphData';
import { layoutGraph, MAX_RADIUS, MIN_RADIUS, radiiOf } from './layout';
import { syntheticGraphFrames } from '../tests/syntheticGraph';
import { graphFrames } from '../tests/frames';

const graphOf = (frames = graphFrames()): GraphData => {
  const lookup = findGraph(frames, { minStrength: 0, kinds: [] });
  if (!('graph' in lookup)) throw new Error(lookup.problem);
  return lookup.graph;
};

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.hypot(a.x - b.x, a.y - b.y);

test('radii: area by volume, from the smallest to the largest size', () => {
  expect(radiiOf([0, 25, 100])).toEqual([MIN_RADIUS, MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) / 2, MAX_RADIUS]);
  expect(radiiOf([0, 0])).toEqual([MIN_RADIUS, MIN_RADIUS]);
});

test('converges: run to rest, the same layout every time, no overlaps, linked nodes close', () => {
  const graph = graphOf();
  const layout = layoutGraph(graph);
  // Cooled to d3's alphaMin: about 120 ticks.
  expect(layout.ticks).toBeGreaterThan(100);
  expect(layout.ticks).toBeLessThan(140);
  expect([...layoutGraph(graph).positions.values()].map((p) => [p.x, p.y])).toEqual(
    [...layout.positions.values()].map((p) => [p.x, p.y]),
  );
  const placed = [...layout.positions.values()];
  for (const [i, a] of placed.entries()) {
    for (const b of placed.slice(i + 1)) expect(distance(a, b)).toBeGreaterThanOrEqual(a.radius + b.radius);
  }
  const at = (id: string) => layout.positions.get(id)!;
  // gpt-4o's strongest link holds closer than its weakest.
  expect(distance(at('model:gpt-4o'), at('module:llm-cost'))).toBeLessThan(
    distance(at('model:gpt-4o'), at('route:/chat')),
  );
});

test('500 nodes, 2,000 links: settled, and clusters drawn together', () => {
  const graph = graphOf(syntheticGraphFrames(500, 2000));
  const layout = layoutGraph(graph);
  const velocity = Math.max(...[...layout.positions.values()].map((p) => Math.hypot(p.vx ?? 0, p.vy ?? 0)));
  // At rest: no node still moves a pixel a tick.
  expect(velocity).toBeLessThan(1);
  const linked = graph.edges.map((e) =>
    distance(layout.positions.get(e.source)!, layout.positions.get(e.target)!),
  );
  const nodes = [...layout.positions.values()];
  const random = nodes.slice(0, 250).map((a, i) => distance(a, nodes[(i * 7 + 131) % nodes.length]!));
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  expect(mean(linked)).toBeLessThan(mean(random) * 0.8);
});

test('layout strength spreads the graph out', () => {
  const graph = graphOf();
  const spread = (strength: number) => {
    const placed = [...layoutGraph(graph, strength).positions.values()];
    return Math.max(...placed.map((a) => Math.max(...placed.map((b) => distance(a, b)))));
  };
  expect(spread(3)).toBeGreaterThan(spread(0.5));
});
