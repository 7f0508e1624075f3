import { distanceToSegment, edgeAt, nodeAt } from './hitTest';
import type { GraphEdge } from './graphData';
import { neighbourhoodOf } from './neighbourhood';
import { fitTransform, panBy, toGraph, zoomAt } from './viewport';

const edge = (id: string, source: string, target: string) => ({ id, source, target }) as GraphEdge;

test('neighbourhood: the node, what it links to either way, and those links', () => {
  const edges = [edge('1', 'a', 'b'), edge('2', 'c', 'a'), edge('3', 'b', 'c'), edge('4', 'c', 'd')];
  expect(neighbourhoodOf('a', edges)).toEqual({
    nodes: new Set(['a', 'b', 'c']),
    edges: new Set(['1', '2']),
  });
  expect(neighbourhoodOf('z', edges)).toEqual({ nodes: new Set(['z']), edges: new Set() });
});

test('viewport: fit centres the bounds; zoom keeps the point under the cursor; pan moves', () => {
  const fit = fitTransform({ minX: -100, minY: -50, maxX: 100, maxY: 50 }, 440, 340, 20);
  expect(fit).toEqual({ k: 2, x: 220, y: 170 });
  const zoomed = zoomAt(fit, 2, 300, 100);
  const before = toGraph(fit, 300, 100);
  expect(toGraph(zoomed, 300, 100)).toEqual(before);
  expect(zoomed.k).toBe(4);
  expect(panBy(fit, 10, -5)).toEqual({ k: 2, x: 230, y: 165 });
  expect(zoomAt(fit, 1000, 0, 0).k).toBe(8);
});

test('hit test: the topmost node within its radius, else the nearest link within tolerance', () => {
  const a = { id: 'a', x: 0, y: 0, radius: 10 };
  const b = { id: 'b', x: 5, y: 0, radius: 10 };
  const c = { id: 'c', x: 100, y: 0, radius: 10 };
  expect(nodeAt([a, b, c], 2, 0)?.id).toBe('b');
  expect(nodeAt([a, b, c], 50, 0)).toBeUndefined();
  expect(distanceToSegment(50, 3, a, c)).toBe(3);
  expect(distanceToSegment(-4, 3, a, c)).toBe(5);
  const positions = new Map([a, b, c].map((n) => [n.id, n]));
  expect(edgeAt([edge('ac', 'a', 'c')], positions, 50, 3, 4)?.id).toBe('ac');
  expect(edgeAt([edge('ac', 'a', 'c')], positions, 50, 6, 4)).toBeUndefined();
});
