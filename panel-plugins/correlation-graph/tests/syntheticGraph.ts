/**
 * A synthetic correlation graph in the Node Graph frames: `nodes` nodes in clusters (routes, models,
 * modules), `edges` links of every kind with deterministic strengths, some nodes anomalous.
 */
import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import { CORRELATION_KINDS } from '@llm-hub/query-contract';

const TYPES = ['model', 'route', 'module', 'series'];

export function syntheticGraphFrames(nodes: number, edges: number): DataFrame[] {
  let seed = 42;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ids = Array.from({ length: nodes }, (_, i) => `n${i}`);
  const cluster = (i: number) => i % 25;
  const links = Array.from({ length: edges }, (_, i) => {
    const source = Math.floor(random() * nodes);
    // Most links stay in a cluster: the layout has structure to find.
    const inCluster = random() < 0.8;
    let target = inCluster
      ? cluster(source) + 25 * Math.floor(random() * (nodes / 25))
      : Math.floor(random() * nodes);
    if (target === source || target >= nodes) target = (source + 1) % nodes;
    return {
      id: `e${i}`,
      source: ids[source]!,
      target: ids[target]!,
      kind: CORRELATION_KINDS[i % CORRELATION_KINDS.length]!,
      strength: 0.2 + 0.8 * random(),
    };
  });
  return [
    createDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: FieldType.string, values: ids },
        { name: 'title', type: FieldType.string, values: ids.map((id) => `node ${id}`) },
        { name: 'subtitle', type: FieldType.string, values: ids.map((_, i) => TYPES[i % TYPES.length]!) },
        {
          name: 'arc__anomalous',
          type: FieldType.number,
          values: ids.map((_, i) => (i % 17 === 0 ? 0.5 : 0)),
        },
        { name: 'arc__normal', type: FieldType.number, values: ids.map((_, i) => (i % 17 === 0 ? 0.5 : 1)) },
        { name: 'detail__type', type: FieldType.string, values: ids.map((_, i) => TYPES[i % TYPES.length]!) },
      ],
    }),
    createDataFrame({
      name: 'edges',
      fields: [
        { name: 'id', type: FieldType.string, values: links.map((l) => l.id) },
        { name: 'source', type: FieldType.string, values: links.map((l) => l.source) },
        { name: 'target', type: FieldType.string, values: links.map((l) => l.target) },
        { name: 'detail__kind', type: FieldType.string, values: links.map((l) => l.kind) },
        { name: 'detail__strength', type: FieldType.number, values: links.map((l) => l.strength) },
        { name: 'detail__evidence', type: FieldType.number, values: links.map((_, i) => 1 + (i % 9)) },
      ],
    }),
  ];
}
