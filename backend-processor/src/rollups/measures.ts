/**
 * What a rollup row holds, listed once: the counted kinds of event and the value metrics with the
 * event field each reads. The migration's columns, the write path and the query engine follow it.
 */
import type { HubEvent } from '../events/model';
import { DIMENSIONS, type ValueMetric } from '@llm-hub/query-contract';

export const VALUE_FIELDS: ReadonlyArray<readonly [ValueMetric, (event: HubEvent) => number | null]> = [
  ['latency_ms', (e) => e.latencyMs],
  ['ttft_ms', (e) => e.ttftMs],
  ['prompt_tokens', (e) => e.promptTokens],
  ['completion_tokens', (e) => e.completionTokens],
  ['total_tokens', (e) => e.totalTokens],
  ['tokens_per_second', (e) => e.tokensPerSecond],
  ['cost_usd', (e) => e.costUsd],
];

/** Count columns and which events each counts. `events` counts every event (the `requests` metric). */
export const COUNT_FIELDS: ReadonlyArray<readonly [string, (event: HubEvent) => boolean]> = [
  ['events', () => true],
  ['errors', (e) => e.isError],
  ['threats', (e) => e.kind === 'threat'],
  ['policy_violations', (e) => e.kind === 'policy_violation'],
  ['audit_events', (e) => e.kind === 'audit_trail' || e.eventType === 'audit'],
];

/** The per-metric statistic columns, in the order the write path passes them. */
export const STAT_SUFFIXES = ['count', 'sum', 'min', 'max', 'sumsq', 'sketch'] as const;

/** The dimension tuple of every rollup row: the query API's dimensions, in the same order. */
export const ROLLUP_DIMENSIONS = DIMENSIONS;

export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

export type RollupTier = '1m' | '5m' | '1h' | '1d';

/** Bucket width and retention of each tier (the seed's retention tiers; 5m is kept as long as 1m). */
export const TIERS: Record<RollupTier, { widthMs: number; retentionDays: number }> = {
  '1m': { widthMs: 60_000, retentionDays: 90 },
  '5m': { widthMs: 300_000, retentionDays: 90 },
  '1h': { widthMs: 3_600_000, retentionDays: 365 },
  '1d': { widthMs: 86_400_000, retentionDays: 3 * 365 },
};
