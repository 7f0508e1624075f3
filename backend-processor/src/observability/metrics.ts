/**
 * The processor's Prometheus metrics (prom-client): the pipeline's own, with the seed names, and
 * LLM metrics after the OpenTelemetry GenAI semantic conventions. Every label fed from event
 * content goes through a LabelLimiter, so a flood of distinct models or tenants cannot blow up
 * the series count: past the limit, new values are reported as `other`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CostProjection } from '@llm-hub/query-contract';
import type { RejectionCode } from '../events/model';
import { BucketedHistogram } from './bucketedHistogram';
import { DURATION_BUCKETS, TOKEN_BUCKETS, TTFT_BUCKETS, type EventTally } from './eventTally';

export const OTHER_LABEL_VALUE = 'other';

/** Keeps the first `limit` distinct values of a label and maps the rest to `other`. */
export class LabelLimiter {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  value(raw: string | null | undefined): string {
    const value = raw ?? '';
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return OTHER_LABEL_VALUE;
    this.seen.add(value);
    return value;
  }
}

export type RejectReason =
  RejectionCode | 'body_unparseable' | 'body_too_large' | 'unauthorized' | 'pair_expired';

export class HubMetrics {
  readonly registry = new Registry();
  private readonly models: LabelLimiter;
  private readonly tenants: LabelLimiter;
  private readonly providers: LabelLimiter;
  private readonly errorTypes = new LabelLimiter(20);

  private readonly received = new Counter({
    name: 'llm_events_received_total',
    help: 'Events received and accepted, by event type and source module (duplicates included).',
    labelNames: ['event_type', 'source_module'],
    registers: [this.registry],
  });
  private readonly rejected = new Counter({
    name: 'llm_events_rejected_total',
    help: 'Input items or bodies refused, by reason. Rejected items are kept in the dead-letter table or topic.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly shed = new Counter({
    name: 'llm_ingest_shed_total',
    help: 'Ingest requests answered 503 because too much was waiting for storage (not acknowledged: clients retry them).',
    labelNames: ['route'],
    registers: [this.registry],
  });
  private readonly redactions = new Counter({
    name: 'llm_redactions_total',
    help: 'PII matches replaced in events at ingest (HUB_REDACT), by rule.',
    labelNames: ['rule'],
    registers: [this.registry],
  });
  private readonly stored = new Counter({
    name: 'llm_events_stored_total',
    help: 'Events written to the events table (first copies only).',
    registers: [this.registry],
  });
  private readonly duplicates = new Counter({
    name: 'llm_events_duplicates_total',
    help: 'Accepted events or pair halves that were already stored (re-sent or redelivered).',
    registers: [this.registry],
  });
  readonly dbWriteDuration = new Histogram({
    name: 'llm_db_write_duration_seconds',
    help: 'Duration of one batched database write, by table.',
    labelNames: ['table'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly dbWrites = new Counter({
    name: 'llm_db_writes_total',
    help: 'Batched database writes, by table and status (ok, error).',
    labelNames: ['table', 'status'],
    registers: [this.registry],
  });
  private readonly kafkaLag = new Gauge({
    name: 'llm_kafka_consumer_lag',
    help: 'Messages behind the partition high watermark after the last processed batch.',
    labelNames: ['topic', 'partition'],
    registers: [this.registry],
  });
  private readonly kafkaMessages = new Counter({
    name: 'llm_metrics_events_consumed_total',
    help: 'Kafka messages consumed, by topic and partition.',
    labelNames: ['topic', 'partition'],
    registers: [this.registry],
  });
  private readonly pairsExpired = new Counter({
    name: 'llm_pair_halves_expired_total',
    help: 'Request or response halves that found no other half within HUB_PAIR_TTL_SECONDS.',
    labelNames: ['half'],
    registers: [this.registry],
  });
  private readonly operationDuration = new BucketedHistogram(
    'gen_ai_client_operation_duration_seconds',
    'GenAI operation duration (OpenTelemetry gen_ai.client.operation.duration), from events with a latency.',
    ['gen_ai_provider_name', 'gen_ai_request_model', 'tenant', 'error_type'],
    DURATION_BUCKETS,
    this.registry,
  );
  private readonly timeToFirstToken = new BucketedHistogram(
    'gen_ai_server_time_to_first_token_seconds',
    'Time to first token (OpenTelemetry gen_ai.server.time_to_first_token).',
    ['gen_ai_provider_name', 'gen_ai_request_model'],
    TTFT_BUCKETS,
    this.registry,
  );
  private readonly tokenUsage = new BucketedHistogram(
    'gen_ai_client_token_usage',
    'Tokens per operation (OpenTelemetry gen_ai.client.token.usage), by token type input or output.',
    ['gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
    TOKEN_BUCKETS,
    this.registry,
  );
  private readonly cost = new Counter({
    name: 'llm_cost_usd_total',
    help: 'Spend in US dollars (reported, or estimated from the price table), by provider, model and tenant.',
    labelNames: ['provider', 'model', 'tenant'],
    registers: [this.registry],
  });

  private readonly anomaliesDetected = new Counter({
    name: 'llm_anomalies_detected_total',
    help: 'Anomaly episodes found by the live detectors, by metric, kind and severity (at their start).',
    labelNames: ['metric', 'kind', 'severity'],
    registers: [this.registry],
  });
  private readonly anomaliesActive = new Gauge({
    name: 'llm_anomaly_active',
    help: 'Anomaly episodes still going on, by metric and severity (for alert rules: > 0 fires).',
    labelNames: ['metric', 'severity'],
    registers: [this.registry],
  });

  private readonly monthToDateCost = new Gauge({
    name: 'llm_cost_month_to_date_usd',
    help: 'Spend of all tenants since the start of the month (UTC), at the last forecast refresh.',
    registers: [this.registry],
  });
  private readonly projectedCost = new Gauge({
    name: 'llm_cost_month_end_projected_usd',
    help: 'Month-to-date spend plus the forecast of the rest of the month, all tenants (for budget alerts).',
    registers: [this.registry],
  });
  private readonly monthlyBudget = new Gauge({
    name: 'llm_cost_monthly_budget_usd',
    help: 'The monthly budget HUB_MONTHLY_BUDGET_USD (absent when none is set).',
    registers: [this.registry],
  });

  constructor(maxLabelValues: number) {
    this.models = new LabelLimiter(maxLabelValues);
    this.tenants = new LabelLimiter(maxLabelValues);
    this.providers = new LabelLimiter(maxLabelValues);
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts accepted events and feeds the GenAI metrics from them (eventTally.ts). */
  eventsAccepted(tally: EventTally): void {
    for (const { eventType, sourceModule, count } of tally.received) {
      this.received.inc({ event_type: eventType, source_module: sourceModule }, count);
    }
    for (const calls of tally.calls) {
      const provider = this.providers.value(calls.provider ?? 'unknown');
      const model = this.models.value(calls.model);
      const byModel = { gen_ai_provider_name: provider, gen_ai_request_model: model };
      if (calls.duration.count > 0) {
        const labels = {
          ...byModel,
          tenant: this.tenants.value(calls.tenant),
          error_type: calls.isError ? this.errorLabel(calls.errorType) : '',
        };
        this.operationDuration.add(labels, calls.duration);
      }
      this.timeToFirstToken.add(byModel, calls.timeToFirstToken);
      this.tokenUsage.add({ ...byModel, gen_ai_token_type: 'input' }, calls.inputTokens);
      this.tokenUsage.add({ ...byModel, gen_ai_token_type: 'output' }, calls.outputTokens);
      if (calls.costUsd !== null) {
        this.cost.inc({ provider, model, tenant: this.tenants.value(calls.tenant) }, calls.costUsd);
      }
    }
  }

  private errorLabel(errorType: string | null): string {
    return this.errorTypes.value(errorType ?? 'error');
  }

  eventsStored(count: number, duplicates: number): void {
    this.stored.inc(count);
    this.duplicates.inc(duplicates);
  }

  redacted(rule: string, count: number): void {
    this.redactions.inc({ rule }, count);
  }

  ingestShed(route: string): void {
    this.shed.inc({ route });
  }

  rejectedItems(reason: RejectReason, count = 1): void {
    this.rejected.inc({ reason }, count);
  }

  /** Times one database write and counts it as ok or error. */
  async timeWrite<T>(table: string, write: () => Promise<T>): Promise<T> {
    const end = this.dbWriteDuration.startTimer({ table });
    try {
      const result = await write();
      this.dbWrites.inc({ table, status: 'ok' });
      return result;
    } catch (error) {
      this.dbWrites.inc({ table, status: 'error' });
      throw error;
    } finally {
      end();
    }
  }

  kafkaConsumed(topic: string, partition: number, messages: number): void {
    this.kafkaMessages.inc({ topic, partition: String(partition) }, messages);
  }

  kafkaLagObserved(topic: string, partition: number, lag: number): void {
    this.kafkaLag.set({ topic, partition: String(partition) }, lag);
  }

  /** Labels are bounded: metrics and kinds are fixed lists, severities four. */
  anomalyDetected(metric: string, kind: string, severity: string): void {
    this.anomaliesDetected.inc({ metric, kind, severity });
  }

  /** Replaces the active-anomaly gauge with the given counts (missing pairs are 0). */
  anomaliesActiveNow(counts: ReadonlyArray<{ metric: string; severity: string; count: number }>): void {
    this.anomaliesActive.reset();
    for (const { metric, severity, count } of counts) this.anomaliesActive.set({ metric, severity }, count);
  }

  costProjected(projection: Pick<CostProjection, 'monthToDateUsd' | 'projectedUsd' | 'budgetUsd'>): void {
    this.monthToDateCost.set(projection.monthToDateUsd);
    this.projectedCost.set(projection.projectedUsd);
    if (projection.budgetUsd !== null) this.monthlyBudget.set(projection.budgetUsd);
  }

  pairHalvesExpired(half: 'request' | 'response', count: number): void {
    this.pairsExpired.inc({ half }, count);
  }
}
