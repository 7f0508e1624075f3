/**
 * Anomaly co-occurrence (episodes of different series going on at the same time) and the
 * root-cause ranking: which model, route or module most likely started what went wrong in the
 * range. A cause shows first and strongest; so each entity scores the sum of its episodes' scores,
 * discounted by how long after the range's first onset each began (half-weight after 7 minutes).
 */
import type { Queryable } from '../../storage/database';
import { MONITORED } from '../anomaly/monitor';
import type { Range } from './eventLinks';
import type { GraphBuilder, NodeType } from './graph';
import { seriesName } from './seriesLinks';

const DISCOUNT_MS = 10 * 60_000;

interface EpisodeRow {
  metric: string;
  measure: string;
  labels: Record<string, string | null>;
  score: number;
  started_at: Date;
  ended_at: Date | null;
}

interface Episode {
  series: string;
  entity: { type: NodeType; name: string };
  score: number;
  start: number;
  end: number;
}

/** The entity an episode is about: its model, else route, else module; 'all' for the totals. */
function entityOf(labels: Record<string, string | null>): { type: NodeType; name: string } {
  if (labels.model) return { type: 'model', name: labels.model };
  if (labels.route) return { type: 'route', name: labels.route };
  if (labels.source_module) return { type: 'module', name: labels.source_module };
  return { type: 'model', name: 'all' };
}

export async function anomalyLinks(
  db: Queryable,
  range: Range,
  graph: GraphBuilder,
  options: { cooccurrence: boolean },
): Promise<Array<{ id: string; title: string; score: number }>> {
  const { rows } = await db.query<EpisodeRow>(
    `SELECT metric, measure, labels, score, started_at, ended_at FROM anomalies
      WHERE started_at < $2 AND (ended_at IS NULL OR ended_at > $1) ORDER BY started_at`,
    [new Date(range.from), new Date(range.to)],
  );
  const episodes: Episode[] = rows.map((row) => {
    const entity = entityOf(row.labels);
    const series = graph.node('series', seriesName(row.metric, row.measure, entity.name), entity.name);
    const node = graph.get(series)!;
    node.arc__anomalous = 1;
    node.arc__normal = 0;
    return {
      series,
      entity,
      score: row.score,
      start: row.started_at.getTime(),
      end: row.ended_at?.getTime() ?? range.to,
    };
  });
  if (options.cooccurrence) linkCooccurring(episodes, graph);
  return rankRootCauses(episodes, graph);
}

function linkCooccurring(episodes: readonly Episode[], graph: GraphBuilder): void {
  const perSeries = new Map<string, number>();
  for (const e of episodes) perSeries.set(e.series, (perSeries.get(e.series) ?? 0) + 1);
  const pairs = new Map<string, { source: string; target: string; lags: number[] }>();
  for (let i = 0; i < episodes.length; i++) {
    for (let j = i + 1; j < episodes.length; j++) {
      const [a, b] = [episodes[i]!, episodes[j]!]; // a started first (ordered by start)
      if (a.series === b.series || b.start >= a.end) continue;
      const key = `${a.series}\n${b.series}`;
      const pair = pairs.get(key) ?? { source: a.series, target: b.series, lags: [] };
      pair.lags.push(b.start - a.start);
      pairs.set(key, pair);
    }
  }
  for (const { source, target, lags } of pairs.values()) {
    lags.sort((x, y) => x - y);
    graph.link({
      kind: 'anomaly_cooccurrence',
      source,
      target,
      strength: Math.min(1, lags.length / Math.min(perSeries.get(source)!, perSeries.get(target)!)),
      lagMs: lags[Math.floor(lags.length / 2)]!,
      evidence: lags.length,
    });
  }
}

function rankRootCauses(episodes: readonly Episode[], graph: GraphBuilder) {
  if (episodes.length === 0) return [];
  const first = Math.min(...episodes.map((e) => e.start));
  const scores = new Map<string, { score: number; episodes: number }>();
  for (const e of episodes) {
    const id = graph.node(e.entity.type, e.entity.name);
    const entry = scores.get(id) ?? { score: 0, episodes: 0 };
    entry.score += e.score * Math.exp(-(e.start - first) / DISCOUNT_MS);
    entry.episodes++;
    scores.set(id, entry);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1));
  return ranked.map(([id, { score, episodes: count }], i) => {
    const node = graph.get(id)!;
    node.detail__root_cause_rank = i + 1;
    node.mainstat = `${count} anomal${count === 1 ? 'y' : 'ies'}`;
    node.secondarystat = `root cause #${i + 1}`;
    node.arc__anomalous = Math.min(1, count / MONITORED.length);
    node.arc__normal = 1 - node.arc__anomalous;
    return { id, title: node.title, score };
  });
}
