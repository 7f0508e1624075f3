/** The correlation graph of a time range: every kind of link, and the root-cause ranking. */
import { CORRELATION_KINDS, type CorrelationGraph, type CorrelationQuery } from '@llm-hub/query-contract';
import { parseRange } from '../../query/sql';
import type { Database } from '../../storage/database';
import { anomalyLinks } from './anomalyLinks';
import { causalLinks, securityComplianceLinks, temporalLinks, traceLinks } from './eventLinks';
import { GraphBuilder, type CorrelationKind } from './graph';
import { costPerformanceLinks, metricLagLinks } from './seriesLinks';

export async function correlate(
  db: Database,
  query: CorrelationQuery,
  rollupTags: readonly string[],
): Promise<CorrelationGraph> {
  const range = parseRange(query.from, query.to);
  const wanted = new Set<CorrelationKind>(query.kinds ?? CORRELATION_KINDS);
  const graph = new GraphBuilder();
  if (wanted.has('causal')) await causalLinks(db, range, graph);
  if (wanted.has('trace')) await traceLinks(db, range, graph);
  if (wanted.has('temporal')) await temporalLinks(db, range, graph);
  if (wanted.has('security_compliance')) await securityComplianceLinks(db, range, graph);
  if (wanted.has('metric_lag')) await metricLagLinks(db, range, graph, rollupTags);
  if (wanted.has('cost_performance')) await costPerformanceLinks(db, range, graph, rollupTags);
  const rootCauses = await anomalyLinks(db, range, graph, {
    cooccurrence: wanted.has('anomaly_cooccurrence'),
  });
  return { nodes: graph.allNodes(), edges: graph.edges(), rootCauses };
}
