/** The analytics answers: anomalies found by the live detectors, also as Grafana annotations. */
import { Type, type Static } from '@sinclair/typebox';
import { Filter, Instant, literals } from './queries';
import { ANOMALY_KINDS, CORRELATION_KINDS, MEASURES, METRIC_NAMES, SEVERITIES } from './vocabulary';

export const AnomalyQuery = Type.Object(
  {
    /** Episodes overlapping [from, to). */
    from: Instant,
    to: Instant,
    metric: Type.Optional(literals(METRIC_NAMES, 'only this metric')),
    minSeverity: Type.Optional(literals(SEVERITIES, 'at least this severity')),
    /** Only episodes still going on. */
    active: Type.Optional(Type.Boolean()),
    models: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 1000,
        description: 'only episodes of these models (labels.model)',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'default 100, newest first' }),
    ),
  },
  { additionalProperties: false },
);
export type AnomalyQuery = Static<typeof AnomalyQuery>;

export const Anomaly = Type.Object({
  id: Type.String(),
  metric: Type.String(),
  measure: Type.String(),
  labels: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  kind: literals(ANOMALY_KINDS, 'what the detector saw'),
  severity: literals(SEVERITIES, 'from the score: 0.6 low, 0.7 medium, 0.8 high, 0.9 critical'),
  /** The strongest minute: score in [0, 1), its time and value, what was expected and the band. */
  score: Type.Number(),
  peakAt: Type.Number(),
  value: Type.Number(),
  expected: Type.Number(),
  lower: Type.Number(),
  upper: Type.Number(),
  startedAt: Type.Number(),
  /** null while the anomaly goes on. */
  endedAt: Type.Union([Type.Number(), Type.Null()]),
});
export type Anomaly = Static<typeof Anomaly>;

/** Grafana's annotation fields (time, timeEnd, title, text, tags), ready for a data frame. */
export const AnomalyAnnotation = Type.Object({
  time: Type.Number(),
  timeEnd: Type.Number(),
  title: Type.String(),
  text: Type.String(),
  tags: Type.Array(Type.String()),
});
export type AnomalyAnnotation = Static<typeof AnomalyAnnotation>;

export const AnomalyResult = Type.Object({
  anomalies: Type.Array(Anomaly),
  annotations: Type.Array(AnomalyAnnotation),
});
export type AnomalyResult = Static<typeof AnomalyResult>;

export const ForecastQuery = Type.Object(
  {
    metric: literals(METRIC_NAMES, 'what to forecast'),
    measure: literals(MEASURES, 'how it is aggregated per hour'),
    filters: Type.Optional(Type.Array(Filter, { maxItems: 20 })),
    /** Actual values are returned from here on (default: two days before now). */
    from: Type.Optional(Instant),
    horizonHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 35, description: 'default 24' })),
  },
  { additionalProperties: false },
);
export type ForecastQuery = Static<typeof ForecastQuery>;

const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** One hour: the actual value where it is known, the forecast and its intervals where forecast. */
export const ForecastRow = Type.Object({
  time: Type.Number(),
  actual: nullableNumber,
  forecast: nullableNumber,
  lower_80: nullableNumber,
  upper_80: nullableNumber,
  lower_95: nullableNumber,
  upper_95: nullableNumber,
});
export type ForecastRow = Static<typeof ForecastRow>;

export const ForecastResult = Type.Object({
  metric: Type.String(),
  measure: Type.String(),
  unit: Type.String(),
  /** The model the backtest chose: seasonal_naive, holt_winters or mstl_ets. */
  model: Type.String(),
  seasons: Type.Array(Type.Integer()),
  generatedAt: Type.Number(),
  rows: Type.Array(ForecastRow),
});
export type ForecastResult = Static<typeof ForecastResult>;

export const CostProjectionQuery = Type.Object(
  {
    /** Default: HUB_MONTHLY_BUDGET_USD. */
    budgetUsd: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    filters: Type.Optional(Type.Array(Filter, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CostProjectionQuery = Static<typeof CostProjectionQuery>;

export const CostProjection = Type.Object({
  monthStart: Type.Number(),
  monthEnd: Type.Number(),
  /** Spend so far this month (UTC), from the rollups. */
  monthToDateUsd: Type.Number(),
  /** Month to date plus the forecast of the rest of the month, with an 80 % range. */
  projectedUsd: Type.Number(),
  projectedLow80Usd: Type.Number(),
  projectedHigh80Usd: Type.Number(),
  budgetUsd: nullableNumber,
  /** projected − budget (negative: under budget); null without a budget. */
  overBudgetUsd: nullableNumber,
  /** When month-to-date plus the forecast first exceeds the budget; null if it does not. */
  budgetExceededAt: nullableNumber,
  model: Type.String(),
});
export type CostProjection = Static<typeof CostProjection>;

export const CorrelationQuery = Type.Object(
  {
    from: Instant,
    to: Instant,
    kinds: Type.Optional(Type.Array(literals(CORRELATION_KINDS, 'a kind of link'), { maxItems: 7 })),
  },
  { additionalProperties: false },
);
export type CorrelationQuery = Static<typeof CorrelationQuery>;

/** A node as Grafana's Node Graph panel reads it (field names are its contract). */
export const GraphNode = Type.Object({
  id: Type.String(),
  title: Type.String(),
  subtitle: Type.String(),
  mainstat: Type.String(),
  secondarystat: Type.String(),
  /** Arc sections: the share of the node's anomaly episodes, and the rest. */
  arc__anomalous: Type.Number(),
  arc__normal: Type.Number(),
  detail__type: Type.String(),
  /** 1 for the most likely cause of what went wrong in the range; 0 where the node had no anomaly. */
  detail__root_cause_rank: Type.Integer(),
});
export type GraphNode = Static<typeof GraphNode>;

export const GraphEdge = Type.Object({
  id: Type.String(),
  source: Type.String(),
  target: Type.String(),
  mainstat: Type.String(),
  secondarystat: Type.String(),
  thickness: Type.Number(),
  detail__kind: literals(CORRELATION_KINDS, 'the kind of link'),
  /** In [-1, 1] for correlations, [0, 1] for shares. */
  detail__strength: Type.Number(),
  /** Milliseconds the source leads the target by (0 when not measured). */
  detail__lag_ms: Type.Number(),
  detail__evidence: Type.Integer(),
});
export type GraphEdge = Static<typeof GraphEdge>;

export const CorrelationGraph = Type.Object({
  nodes: Type.Array(GraphNode),
  edges: Type.Array(GraphEdge),
  /** Nodes with anomalies, most likely cause first. */
  rootCauses: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), score: Type.Number() })),
});
export type CorrelationGraph = Static<typeof CorrelationGraph>;
