import { ConfigError, loadConfig } from '../../src/config/config';

test('defaults run the embedded store on port 8080 without Kafka', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    port: 8080,
    databaseUrl: null,
    kafka: null,
    timescaledb: 'auto',
    rawRetentionDays: 30,
  });
});

test('Kafka settings follow KAFKA_BROKERS, with the DLQ topic derived from the topic', () => {
  const config = loadConfig({ KAFKA_BROKERS: 'a:9092, b:9093', KAFKA_TOPIC: 'llm.events' });
  expect(config.kafka).toEqual({
    brokers: ['a:9092', 'b:9093'],
    topic: 'llm.events',
    groupId: 'llm-analytics-hub',
    dlqTopic: 'llm.events.dlq',
  });
});

test.each([
  [{ PORT: 'eighty' }, /PORT="eighty": expected an integer from 0 to 65535/],
  [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL=.*postgres:\/\//],
  [{ KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS=.*host:port/],
  [{ HUB_TIMESCALEDB: 'yes' }, /HUB_TIMESCALEDB=.*one of auto, off/],
  [{ HUB_BOOTSTRAP_KEY: 'short' }, /HUB_BOOTSTRAP_KEY=.*at least 16 characters/],
  [{ HUB_LOG_LEVEL: 'loud' }, /HUB_LOG_LEVEL/],
  [{ HUB_CORS_ORIGINS: 'grafana.example.com' }, /HUB_CORS_ORIGINS=.*origins such as https:\/\//],
  [{ HUB_TLS_CERT_FILE: '/etc/hub/cert.pem' }, /HUB_TLS_KEY_FILE=.*set together with/],
  [{ HUB_RATE_LIMIT_PER_MINUTE: '-1' }, /HUB_RATE_LIMIT_PER_MINUTE/],
  [{ HUB_REDACT: 'email,ssn' }, /HUB_REDACT=.*none, or a comma-separated list of email, phone, card, secret/],
])('%j is refused with a message naming the variable', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test('the bootstrap key is never echoed in an error', () => {
  expect(() => loadConfig({ HUB_BOOTSTRAP_KEY: 'secret' })).toThrow(/\(hidden\)/);
});
