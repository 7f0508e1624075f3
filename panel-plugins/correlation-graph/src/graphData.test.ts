import { createDataFrame, FieldType } from '@grafana/data';
import { graphFrames } from '../tests/frames';
import { findGraph } from './graphData';

const ALL = { minStrength: 0, kinds: [] as string[] };

function graphOf(options = ALL, frames = graphFrames()) {
  const lookup = findGraph(frames, options);
  if (!('graph' in lookup)) throw new Error(lookup.problem);
  return lookup.graph;
}

test("the datasource's nodes and edges frames: titles, types, severity, strengths, details", () => {
  const { nodes, edges, kinds } = graphOf();
  expect(nodes.map((n) => [n.title, n.type, n.severity ?? 'none'])).toEqual([
    ['gpt-4o', 'model', 'high'],
    ['llm-cost', 'module', 'none'],
    ['llm-observatory', 'module', 'none'],
    ['/chat', 'route', 'none'],
    ['claude', 'model', 'medium'],
  ]);
  expect(edges.map((e) => [e.kind, e.strength])).toEqual([
    ['causal', 0.9],
    ['temporal', 0.6],
    ['trace', 0.3],
  ]);
  expect(kinds).toEqual(['causal', 'temporal', 'trace']);
  expect(edges[0]!.details).toContainEqual(['evidence', '30']);
});

test('node size by volume: the evidence of its links (gpt-4o: 30 + 10 + 5)', () => {
  const volumes = Object.fromEntries(graphOf().nodes.map((n) => [n.title, n.volume]));
  expect(volumes).toEqual({ 'gpt-4o': 45, 'llm-cost': 30, 'llm-observatory': 10, '/chat': 5, claude: 0 });
});

test('minimum strength and kinds leave links out, and the nodes only they linked', () => {
  const strong = graphOf({ minStrength: 0.5, kinds: [] });
  expect(strong.edges.map((e) => e.id)).toEqual(['causal-0', 'temporal-1']);
  // /chat lost its only link; claude has none but is anomalous, so it stays.
  expect(strong.nodes.map((n) => n.title)).toEqual(['gpt-4o', 'llm-cost', 'llm-observatory', 'claude']);
  const causal = graphOf({ minStrength: 0, kinds: ['causal'] });
  expect(causal.edges.map((e) => e.id)).toEqual(['causal-0']);
  expect(causal.kinds).toEqual(['causal', 'temporal', 'trace']);
});

test('an edge to a node the nodes frame lacks: the node is made from its id', () => {
  const edges = createDataFrame({
    name: 'edges',
    fields: [
      { name: 'id', type: FieldType.string, values: ['x'] },
      { name: 'source', type: FieldType.string, values: ['a'] },
      { name: 'target', type: FieldType.string, values: ['b'] },
    ],
  });
  expect(graphOf(ALL, [edges]).nodes.map((n) => n.id)).toEqual(['a', 'b']);
});

test('no graph in the data: what was expected and what was found', () => {
  const other = createDataFrame({
    name: 'latency',
    fields: [{ name: 'time', type: FieldType.time, values: [1] }],
  });
  expect(findGraph([other], ALL)).toEqual({
    problem:
      'No graph in the data: expected a nodes frame (id, title, …) and an edges frame (id, source, target, …) ' +
      'as the Node Graph panel reads them; found latency (time)',
  });
  expect(findGraph([], ALL)).toEqual({ problem: 'No data' });
});
