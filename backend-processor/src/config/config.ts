/**
 * Configuration from the environment, validated once at start. A bad value stops the process with
 * a message naming the variable, what it holds and what was expected.
 */
import { availableParallelism } from 'node:os';
import { REDACTION_RULES, type RedactionRule } from '../events/redaction';

/**
 * Worker threads for preparing ingest bodies, by default: one per core beyond the main thread's, up
 * to 4. On this project's two cores one worker gave ~10 % more throughput, for a higher
 * acknowledgement latency and ~80 MB more memory (BENCHMARKS.md).
 */
function defaultIngestWorkers(): number {
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

export interface HubConfig {
  port: number;
  host: string;
  /** Unset: the embedded PGlite store under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** `auto` uses TimescaleDB when the extension can be created; `off` never tries. */
  timescaledb: 'auto' | 'off';
  kafka: { brokers: string[]; topic: string; groupId: string; dlqTopic: string } | null;
  bootstrapKey: string | null;
  bodyLimitBytes: number;
  /** Ingest bodies handled at once, in bytes, before more are answered 503 (HUB_INGEST_MAX_IN_FLIGHT_MB). */
  ingestMaxInFlightBytes: number;
  /** Browser origins allowed by CORS (HUB_CORS_ORIGINS, comma-separated); empty: none. */
  corsOrigins: string[];
  /** Requests per minute per API key (HUB_RATE_LIMIT_PER_MINUTE); 0: unlimited. */
  rateLimitPerMinute: number;
  /** PII redaction rules applied to events' attributes at ingest (HUB_REDACT; `none` for none). */
  redact: RedactionRule[];
  /** HTTPS when both HUB_TLS_CERT_FILE and HUB_TLS_KEY_FILE are set (PEM files). */
  tls: { certFile: string; keyFile: string } | null;
  pairTtlSeconds: number;
  /** Worker threads preparing ingest bodies (HUB_INGEST_WORKERS); 0: on the main thread. */
  ingestWorkers: number;
  /** How often ingested events' rollup deltas are merged into the rollups (HUB_ROLLUP_MERGE_INTERVAL_MS). */
  rollupMergeIntervalMs: number;
  rawRetentionDays: number;
  maxFutureSkewSeconds: number;
  pricesFile: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  metricsMaxLabelValues: number;
  /** Tag keys aggregated as rollup dimensions, so queries can filter and group by them. */
  rollupTags: string[];
  /** Live anomaly detection on the rollups: on, or off. */
  anomalyDetection: 'on' | 'off';
  /** How long after a minute ends the detectors judge it (late events count until then). */
  anomalyGraceSeconds: number;
  /** Minutes between forecast refreshes; 0 turns the schedule off (forecasts are then computed on request). */
  forecastIntervalMinutes: number;
  /** The month's spend the cost projection compares with; null for none. */
  monthlyBudgetUsd: number | null;
}

export class ConfigError extends Error {
  constructor(variable: string, value: string, expected: string) {
    super(`Invalid configuration: ${variable}=${JSON.stringify(value)}: expected ${expected}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new ConfigError(name, raw, `one of ${allowed.join(', ')}`);
  return raw as T;
}

function positiveNumber(env: Env, name: string): number | null {
  const raw = text(env, name);
  if (raw === null) return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(name, raw, 'a positive number');
  return value;
}

function text(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  return raw ? raw : null;
}

function corsOrigins(env: Env): string[] {
  const raw = text(env, 'HUB_CORS_ORIGINS');
  if (raw === null) return [];
  const origins = raw.split(',').map((origin) => origin.trim());
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        'HUB_CORS_ORIGINS',
        raw,
        'comma-separated origins such as https://grafana.example.com',
      );
    }
  }
  return origins;
}

function redactionRules(env: Env): RedactionRule[] {
  const raw = text(env, 'HUB_REDACT');
  if (raw === null) return [...REDACTION_RULES];
  if (raw === 'none') return [];
  const rules = raw.split(',').map((rule) => rule.trim());
  const unknown = rules.filter((rule) => !(REDACTION_RULES as readonly string[]).includes(rule));
  if (unknown.length > 0) {
    throw new ConfigError(
      'HUB_REDACT',
      raw,
      `none, or a comma-separated list of ${REDACTION_RULES.join(', ')}`,
    );
  }
  return rules as RedactionRule[];
}

function tls(env: Env): HubConfig['tls'] {
  const certFile = text(env, 'HUB_TLS_CERT_FILE');
  const keyFile = text(env, 'HUB_TLS_KEY_FILE');
  if (certFile === null && keyFile === null) return null;
  if (certFile === null || keyFile === null) {
    const missing = certFile === null ? 'HUB_TLS_CERT_FILE' : 'HUB_TLS_KEY_FILE';
    throw new ConfigError(
      missing,
      '(unset)',
      'set together with the other of HUB_TLS_CERT_FILE and HUB_TLS_KEY_FILE',
    );
  }
  return { certFile, keyFile };
}

function databaseUrl(env: Env): string | null {
  const raw = text(env, 'DATABASE_URL');
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', raw, 'a postgres:// or postgresql:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', raw, 'a postgres:// or postgresql:// URL');
  }
  return raw;
}

function kafka(env: Env): HubConfig['kafka'] {
  const raw = text(env, 'KAFKA_BROKERS');
  if (raw === null) return null;
  const brokers = raw.split(',').map((broker) => broker.trim());
  if (brokers.some((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker))) {
    throw new ConfigError('KAFKA_BROKERS', raw, 'a comma-separated list of host:port');
  }
  const topic = text(env, 'KAFKA_TOPIC') ?? 'llm-events';
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic))
    throw new ConfigError('KAFKA_TOPIC', topic, 'a valid Kafka topic name');
  return {
    brokers,
    topic,
    groupId: text(env, 'KAFKA_GROUP_ID') ?? 'llm-analytics-hub',
    dlqTopic: text(env, 'KAFKA_DLQ_TOPIC') ?? `${topic}.dlq`,
  };
}

function bootstrapKey(env: Env): string | null {
  const raw = text(env, 'HUB_BOOTSTRAP_KEY');
  if (raw !== null && raw.length < 16) {
    throw new ConfigError('HUB_BOOTSTRAP_KEY', '(hidden)', 'at least 16 characters');
  }
  return raw;
}

function rollupTags(env: Env): string[] {
  const raw = env.HUB_ROLLUP_TAGS ?? 'region';
  const keys = raw
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  if (keys.some((key) => !/^[A-Za-z0-9_.-]{1,64}$/.test(key)) || keys.length > 8) {
    throw new ConfigError(
      'HUB_ROLLUP_TAGS',
      raw,
      'up to 8 comma-separated tag keys of letters, digits, _ . -',
    );
  }
  return keys;
}

export function loadConfig(env: Env = process.env): HubConfig {
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    databaseUrl: databaseUrl(env),
    dataDir: text(env, 'HUB_DATA_DIR') ?? '.hub-data',
    timescaledb: oneOf(env, 'HUB_TIMESCALEDB', ['auto', 'off'], 'auto'),
    kafka: kafka(env),
    bootstrapKey: bootstrapKey(env),
    bodyLimitBytes: integer(env, 'HUB_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    ingestMaxInFlightBytes: integer(env, 'HUB_INGEST_MAX_IN_FLIGHT_MB', 32, 1, 64 * 1024) * 1024 * 1024,
    corsOrigins: corsOrigins(env),
    rateLimitPerMinute: integer(env, 'HUB_RATE_LIMIT_PER_MINUTE', 0, 0, 10_000_000),
    tls: tls(env),
    redact: redactionRules(env),
    pairTtlSeconds: integer(env, 'HUB_PAIR_TTL_SECONDS', 300, 1, 7 * 24 * 3600),
    ingestWorkers: integer(env, 'HUB_INGEST_WORKERS', defaultIngestWorkers(), 0, 64),
    rollupMergeIntervalMs: integer(env, 'HUB_ROLLUP_MERGE_INTERVAL_MS', 1000, 10, 3_600_000),
    rawRetentionDays: integer(env, 'HUB_RAW_RETENTION_DAYS', 30, 1, 3650),
    maxFutureSkewSeconds: integer(env, 'HUB_MAX_FUTURE_SKEW_SECONDS', 300, 0, 7 * 24 * 3600),
    pricesFile: text(env, 'HUB_PRICES_FILE'),
    logLevel: oneOf(env, 'HUB_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], 'info'),
    metricsMaxLabelValues: integer(env, 'HUB_METRICS_MAX_LABEL_VALUES', 100, 1, 10_000),
    rollupTags: rollupTags(env),
    anomalyDetection: oneOf(env, 'HUB_ANOMALY_DETECTION', ['on', 'off'], 'on'),
    anomalyGraceSeconds: integer(env, 'HUB_ANOMALY_GRACE_SECONDS', 30, 0, 3600),
    forecastIntervalMinutes: integer(env, 'HUB_FORECAST_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60),
    monthlyBudgetUsd: positiveNumber(env, 'HUB_MONTHLY_BUDGET_USD'),
  };
}
