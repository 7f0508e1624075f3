/**
 * Links found in the raw events of a time range: causal (parent → child event across modules),
 * trace (modules sharing correlation ids), temporal (modules busy in the same minutes) and
 * security–compliance (threats followed by policy violations of the same tenant).
 */
import type { Queryable } from '../../storage/database';
import type { GraphBuilder } from './graph';
import { pearson } from './statistics';

export interface Range {
  from: number;
  to: number;
}

/** A threat counts as followed when a policy violation of its tenant comes this soon after it. */
const FOLLOW_MS = 5 * 60_000;
/** Modules busy together: |r| of their per-minute event counts at least this, over this many minutes. */
const TEMPORAL_MIN_R = 0.5;
const TEMPORAL_MIN_MINUTES = 10;

const params = (range: Range) => [new Date(range.from), new Date(range.to)];

export async function causalLinks(db: Queryable, range: Range, graph: GraphBuilder): Promise<void> {
  const { rows } = await db.query<{
    parent: string;
    child: string;
    n: string;
    children: string;
    lag: number;
  }>(
    `WITH children AS (
       SELECT event_id, time, tenant, source_module, parent_event_id FROM events
        WHERE time >= $1 AND time < $2 AND parent_event_id IS NOT NULL)
     SELECT p.source_module AS parent, c.source_module AS child, count(*) AS n,
            (SELECT count(*) FROM children k WHERE k.source_module = c.source_module) AS children,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.time - p.time) * 1000) AS lag
       FROM children c
       JOIN events p ON p.event_id = c.parent_event_id AND p.tenant = c.tenant
                    AND p.time >= $1::timestamptz - interval '1 hour' AND p.time <= c.time
      GROUP BY 1, 2`,
    params(range),
  );
  for (const row of rows) {
    graph.link({
      kind: 'causal',
      source: graph.node('module', row.parent),
      target: graph.node('module', row.child),
      strength: Number(row.n) / Number(row.children),
      lagMs: row.lag,
      evidence: Number(row.n),
    });
  }
}

export async function traceLinks(db: Queryable, range: Range, graph: GraphBuilder): Promise<void> {
  const { rows } = await db.query<{ a: string; b: string; shared: string; a_ids: string; b_ids: string }>(
    `WITH ids AS (
       SELECT DISTINCT source_module AS module, tenant, correlation_id FROM events
        WHERE time >= $1 AND time < $2 AND correlation_id IS NOT NULL),
     per_module AS (SELECT module, count(*) AS n FROM ids GROUP BY module)
     SELECT x.module AS a, y.module AS b, count(*) AS shared, pa.n AS a_ids, pb.n AS b_ids
       FROM ids x JOIN ids y ON x.correlation_id = y.correlation_id AND x.tenant = y.tenant AND x.module < y.module
       JOIN per_module pa ON pa.module = x.module JOIN per_module pb ON pb.module = y.module
      GROUP BY 1, 2, 4, 5`,
    params(range),
  );
  for (const row of rows) {
    const shared = Number(row.shared);
    graph.link({
      kind: 'trace',
      source: graph.node('module', row.a),
      target: graph.node('module', row.b),
      // Jaccard: shared traces over the traces either module took part in.
      strength: shared / (Number(row.a_ids) + Number(row.b_ids) - shared),
      lagMs: 0,
      evidence: shared,
    });
  }
}

export async function temporalLinks(db: Queryable, range: Range, graph: GraphBuilder): Promise<void> {
  const { rows } = await db.query<{ module: string; minute: Date; n: string }>(
    `SELECT source_module AS module, date_trunc('minute', time) AS minute, count(*) AS n FROM events
      WHERE time >= $1 AND time < $2 GROUP BY 1, 2`,
    params(range),
  );
  const first = Math.floor(range.from / 60_000);
  const minutes = Math.ceil(range.to / 60_000) - first;
  if (minutes < TEMPORAL_MIN_MINUTES) return;
  const counts = new Map<string, number[]>();
  for (const row of rows) {
    const series = counts.get(row.module) ?? new Array<number>(minutes).fill(0);
    series[Math.floor(new Date(row.minute).getTime() / 60_000) - first] = Number(row.n);
    counts.set(row.module, series);
  }
  const modules = [...counts.keys()].sort();
  for (let i = 0; i < modules.length; i++) {
    for (let j = i + 1; j < modules.length; j++) {
      const r = pearson(counts.get(modules[i]!)!, counts.get(modules[j]!)!);
      if (r === null || Math.abs(r) < TEMPORAL_MIN_R) continue;
      graph.link({
        kind: 'temporal',
        source: graph.node('module', modules[i]!),
        target: graph.node('module', modules[j]!),
        strength: r,
        lagMs: 0,
        evidence: minutes,
      });
    }
  }
}

export async function securityComplianceLinks(
  db: Queryable,
  range: Range,
  graph: GraphBuilder,
): Promise<void> {
  const { rows } = await db.query<{
    threat_module: string;
    policy_module: string;
    threats: string;
    followed: string;
    lag: number | null;
  }>(
    `WITH threats AS (
       SELECT event_id, time, tenant, source_module FROM events
        WHERE time >= $1 AND time < $2 AND kind = 'threat'),
     followed AS (
       SELECT t.event_id, t.source_module, v.source_module AS policy_module,
              min(v.time - t.time) AS delay
         FROM threats t JOIN events v ON v.kind = 'policy_violation' AND v.tenant = t.tenant
                     AND v.time >= t.time AND v.time < t.time + $3 * interval '1 millisecond'
        GROUP BY 1, 2, 3)
     SELECT f.source_module AS threat_module, f.policy_module, count(*) AS followed,
            (SELECT count(*) FROM threats t WHERE t.source_module = f.source_module) AS threats,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.delay) * 1000) AS lag
       FROM followed f GROUP BY 1, 2`,
    [...params(range), FOLLOW_MS],
  );
  for (const row of rows) {
    graph.link({
      kind: 'security_compliance',
      source: graph.node('module', row.threat_module),
      target: graph.node('module', row.policy_module),
      strength: Number(row.followed) / Number(row.threats),
      lagMs: row.lag ?? 0,
      evidence: Number(row.followed),
    });
  }
}
