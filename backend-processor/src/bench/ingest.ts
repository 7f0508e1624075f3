/**
 * Ingest benchmark, every figure beside its baseline in the same run (the machine is shared and
 * noisy; ratios hold better than absolutes):
 *   1. Kafka: a topic preloaded with N events, consumed into PostgreSQL, timed from the consumer's joining;
 *   2. HTTP: batches of 1,000 over keep-alive connections, as fast as answered, for `--seconds`;
 *      the processor's RSS sampled meanwhile;
 *   3. at half that rate (open loop): acknowledgement latency, and freshness (sent → found by the
 *      events search of the query API);
 *   4. raw `COPY` of the very rows stored into the same table: the physical limit for these rows.
 *
 *   npm run bench                                  # 60 s of HTTP load, 8 connections, 300k Kafka events
 *   npm run bench -- --seconds 20 --kafka-events 100000
 *   npm run bench -- --profile ../artifacts/profiles   # and a CPU profile of the processor
 *
 * The processor runs as a child process (as in production); this process is the load generator.
 * Ends with one JSON line of figures.
 */
import { parseArgs } from 'node:util';
import { cpuPerEvent, cpuSnapshot } from './cpu';
import { closedLoop, openLoop } from './httpLoad';
import { benchBrokers, preloadTopic } from './kafkaLoad';
import { benchAdminUrl, copyBaseline, freshDatabase } from './postgres';
import { metricValue, startProcessorProcess } from './processorProcess';
import { latencySummary } from './stats';

/** The targets on the 2-core machine. */
const TARGETS = {
  http_events_per_s: 100_000,
  http_vs_copy: 0.6,
  kafka_events_per_s: 60_000,
  ack_p99_ms: 200,
  freshness_p99_ms: 2000,
  rss_mb: 512,
};

async function waitForStored(url: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await metricValue(url, 'llm_events_stored_total')) < count) {
    if (Date.now() > deadline)
      throw new Error(`fewer than ${count} events stored after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      // Eight clients waiting for their answers keep both cores busy: with four, every batch in
      // flight was often waiting on one commit and the cores idled (~10 % of the time).
      connections: { type: 'string', default: '8' },
      'batch-size': { type: 'string', default: '1000' },
      'kafka-events': { type: 'string', default: '300000' },
      'latency-seconds': { type: 'string', default: '20' },
      port: { type: 'string', default: '18080' },
      // Writes a V8 CPU profile of the processor (open in Chrome DevTools) to this directory.
      profile: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const batchSize = Number(values['batch-size']);
  const kafkaEvents = Number(values['kafka-events']);
  const runId = `bench${Date.now()}`;

  const databaseUrl = await freshDatabase(benchAdminUrl(), 'hub_bench');
  const brokers = benchBrokers();
  const topic = `hub-bench-${runId}`;
  console.log(`Kafka: preloading ${kafkaEvents} events into ${topic}`);
  await preloadTopic(brokers, { topic, partitions: 4, count: kafkaEvents, runId, first: 0 });

  const kafkaStarted = performance.now();
  const processor = await startProcessorProcess(
    { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, KAFKA_TOPIC: topic, KAFKA_GROUP_ID: topic },
    Number(values.port),
    values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
  );
  const stopSampling = processor.sampleRss();
  // Consumption is timed from the consumer's joining the group (/ready), counting only what it
  // stored after that; the start-up (migrations, the group join) is reported beside it.
  const readyS = (performance.now() - kafkaStarted) / 1000;
  const storedAtReady = await metricValue(processor.url, 'llm_events_stored_total');
  const consumingFrom = performance.now();
  await waitForStored(processor.url, kafkaEvents, 600_000);
  const kafkaS = (performance.now() - consumingFrom) / 1000;
  const kafkaPerS = (kafkaEvents - storedAtReady) / kafkaS;
  console.log(
    `Kafka ingest: ${kafkaEvents} events stored, ${kafkaEvents - storedAtReady} of them in ${kafkaS.toFixed(1)} s after the consumer joined = ` +
      `${Math.round(kafkaPerS)} events/s (start-up to joined: ${readyS.toFixed(1)} s)`,
  );

  console.log(`HTTP load: ${seconds} s, ${connections} keep-alive connections, batches of ${batchSize}`);
  const before = await metricValue(processor.url, 'llm_events_stored_total');
  const cpuBefore = cpuSnapshot(processor.child.pid!);
  const load = await closedLoop(processor.url, {
    runId,
    first: kafkaEvents,
    seconds,
    connections,
    batchSize,
  });
  const httpStored = (await metricValue(processor.url, 'llm_events_stored_total')) - before;
  const cpu = cpuPerEvent(cpuBefore, cpuSnapshot(processor.child.pid!), httpStored);
  stopSampling();
  const httpPerS = httpStored / load.elapsedS;
  console.log(
    `HTTP ingest: ${httpStored} events stored in ${load.elapsedS.toFixed(1)} s = ${Math.round(httpPerS)} events/s (${load.failures} failed requests); peak RSS ${Math.round(processor.peakRssMb())} MB`,
  );
  console.log(
    `  CPU per event: processor ${cpu.processor} µs, PostgreSQL ${cpu.postgres} µs, load generator ${cpu.loadGenerator} µs`,
  );

  const halfRate = httpPerS / 2;
  const latencySeconds = Number(values['latency-seconds']);
  console.log(
    `At half rate: ${Math.round(halfRate)} events/s for ${latencySeconds} s, a freshness probe every 250 ms`,
  );
  const steady = await openLoop(processor.url, {
    runId,
    first: load.next,
    seconds: latencySeconds,
    eventsPerS: halfRate,
    batchSize,
    probeEveryMs: 250,
  });
  const ack = latencySummary(steady.ackMs);
  const freshness = latencySummary(steady.freshnessMs);
  console.log(`  acknowledgement p50 ${ack.p50} / p95 ${ack.p95} / p99 ${ack.p99} ms (${ack.n} batches)`);
  console.log(
    `  freshness p50 ${freshness.p50} / p95 ${freshness.p95} / p99 ${freshness.p99} ms (${freshness.n} probes)`,
  );
  await processor.stop();

  const copy = await copyBaseline(databaseUrl, Number.MAX_SAFE_INTEGER);
  const copyPerS = copy.rows / copy.elapsedS;
  console.log(
    `COPY baseline: ${copy.rows} rows in ${copy.elapsedS.toFixed(2)} s = ${Math.round(copyPerS)} rows/s`,
  );

  const figures = {
    http_events_per_s: Math.round(httpPerS),
    copy_rows_per_s: Math.round(copyPerS),
    http_vs_copy: Number((httpPerS / copyPerS).toFixed(3)),
    kafka_events_per_s: Math.round(kafkaPerS),
    kafka_startup_s: Number(readyS.toFixed(1)),
    ack_p50_ms: ack.p50,
    ack_p95_ms: ack.p95,
    ack_p99_ms: ack.p99,
    freshness_p50_ms: freshness.p50,
    freshness_p99_ms: freshness.p99,
    rss_mb: Math.round(processor.peakRssMb()),
    cpu_us_per_event: cpu,
    half_rate_events_per_s: Math.round(halfRate),
    events_stored: copy.rows,
    failed_requests: load.failures + steady.failures,
    seconds: Number(load.elapsedS.toFixed(1)),
    connections,
    batch_size: batchSize,
  };
  for (const [key, target] of Object.entries(TARGETS)) {
    const value = figures[key as keyof typeof TARGETS];
    const met = key.endsWith('_ms') || key === 'rss_mb' ? value < target : value >= target;
    console.log(
      `  ${met ? 'met   ' : 'missed'} ${key} = ${value} (target ${key.endsWith('_ms') || key === 'rss_mb' ? '<' : '≥'} ${target})`,
    );
  }
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
