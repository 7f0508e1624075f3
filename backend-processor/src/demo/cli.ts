#!/usr/bin/env node
/**
 * `llm-hub-demo`: realistic LLM telemetry for a running processor, over HTTP or Kafka.
 * Option parsing lives here; the work is `runDemo` (re-exported for in-process use).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TENANTS } from './catalog';
import { parseDuration, parseIncidentSpec, type IncidentSpec } from './incidents';
import { runDemo, type DemoOptions } from './run';
import { FatalSendError } from './senders';

export { runDemo, type DemoOptions, type DemoRunContext, type DemoSummary } from './run';

export const USAGE = `Usage: llm-hub-demo [options]

Sends realistic LLM telemetry (request/response pairs, latency, tokens, cost, threats, policy
violations, audit entries, budget alerts) from several tenants to an LLM Analytics Hub processor.

Options:
  --target http|kafka    where to send (default: http)
  --url URL              processor base URL for http (default: http://127.0.0.1:8080)
  --key KEY              API key for http (default: env HUB_API_KEY)
  --brokers LIST         Kafka brokers, comma-separated (default: 127.0.0.1:9092)
  --topic NAME           Kafka topic (default: llm-events)
  --rate N               average events per second over the day (default: 20)
  --duration DUR         stop after DUR of live traffic, e.g. 10m (default: until Ctrl-C)
  --seed S               reproduce the traffic of an earlier run (default: random, printed)
  --backfill DUR         first send DUR of history with past timestamps, e.g. 2h (default: none)
  --tenants LIST         tenant names, comma-separated (default: ${DEFAULT_TENANTS.join(',')})
  --batch-size N         events per HTTP batch (default: 500)
  --incident SPEC        inject an incident; repeatable (see below)
  -h, --help             show this help

Incidents: KIND[:key=value,...] with at=OFFSET|TIME (from the start of live traffic, default +30s;
negative offsets land in the backfill) and for=DUR (default 2m):
  latency-spike:model=M[,factor=F]   latency of one model x5-10 (or xF)        (default model gpt-4o)
  cost-surge:tenant=T[,factor=F]     one tenant's token volume x8 (or xF)      (default first tenant)
  error-burst:route=R[,rate=P]       error rate of one route to 40% (or P)     (default route chat)
  threat-chain[:tenant=T,every=DUR]  prompt injections (every 15s), each followed by linked policy
                                     violations and an audit entry            (default random tenant)
Durations: 250ms, 90s, 10m, 1h30m, 1d.

Examples:
  llm-hub-demo --backfill 2h --incident latency-spike:model=gpt-4o,at=+60s,for=120s
  llm-hub-demo --target kafka --brokers localhost:9092 --rate 100 --incident threat-chain:at=-30m,for=5m
`;

/** A bad command line: the message says which option and why. */
export class CliError extends Error {}

export type CliCommand = { help: true } | { help: false; options: DemoOptions };

/** Parses the arguments (without `node` and the script); throws `CliError` for anything invalid. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string' },
        brokers: { type: 'string' },
        topic: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        backfill: { type: 'string' },
        tenants: { type: 'string' },
        'batch-size': { type: 'string' },
        incident: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliError(describeParseError(error));
  }
  if (values.help) return { help: true };

  const target = values.target ?? 'http';
  if (target !== 'http' && target !== 'kafka')
    throw new CliError(`--target must be http or kafka, got '${target}'`);
  const notFor = (names: (keyof typeof values)[], why: string) => {
    for (const name of names) if (values[name] !== undefined) throw new CliError(`--${name} ${why}`);
  };
  if (target === 'http') notFor(['brokers', 'topic'], 'applies to --target kafka only');
  else notFor(['url', 'key', 'batch-size'], 'applies to --target http only');

  const options: DemoOptions = { target };
  if (target === 'http') {
    options.url = values.url ?? 'http://127.0.0.1:8080';
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new CliError(`--url '${options.url}' is not a URL (expected e.g. http://127.0.0.1:8080)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CliError(`--url must be an http:// or https:// URL, got '${options.url}'`);
    }
    const key = values.key ?? env.HUB_API_KEY;
    if (key !== undefined && key !== '') options.apiKey = key;
    if (values['batch-size'] !== undefined) {
      options.batchSize = integer('--batch-size', values['batch-size'], 1, 10_000);
    }
  } else {
    const brokers = list(values.brokers ?? '127.0.0.1:9092');
    const bad = brokers.find((b) => !/^[^\s:/]+:\d{1,5}$/.test(b));
    if (brokers.length === 0 || bad !== undefined) {
      throw new CliError(`--brokers expects host:port[,host:port…], got '${values.brokers}'`);
    }
    options.brokers = brokers;
    options.topic = values.topic ?? 'llm-events';
    if (options.topic === '' || !/^[A-Za-z0-9._-]{1,249}$/.test(options.topic)) {
      throw new CliError(`--topic '${options.topic}' is not a valid Kafka topic name`);
    }
  }

  if (values.rate !== undefined) {
    const rate = Number(values.rate);
    if (values.rate.trim() === '' || !Number.isFinite(rate) || rate <= 0 || rate > 100_000) {
      throw new CliError(`--rate expects events per second in (0, 100000], got '${values.rate}'`);
    }
    options.rate = rate;
  }
  if (values.duration !== undefined) {
    options.durationMs = duration('--duration', values.duration);
    if (options.durationMs <= 0) throw new CliError('--duration must be longer than 0');
  }
  if (values.backfill !== undefined) {
    options.backfillMs = duration('--backfill', values.backfill);
    // The processor keeps raw events for 30 days; older history would be refused as out of range.
    if (options.backfillMs > 30 * 86_400_000) throw new CliError('--backfill is limited to 30d');
  }
  if (values.seed !== undefined) {
    if (values.seed.trim() === '') throw new CliError('--seed must not be empty');
    options.seed = values.seed;
  }
  const tenants = values.tenants === undefined ? DEFAULT_TENANTS : list(values.tenants);
  if (values.tenants !== undefined) {
    const bad = tenants.find((t) => !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(t));
    if (tenants.length === 0 || bad !== undefined) {
      throw new CliError(`--tenants expects names like acme,globex; '${bad ?? values.tenants}' is not one`);
    }
    if (new Set(tenants).size !== tenants.length) throw new CliError('--tenants lists a tenant twice');
    options.tenants = tenants;
  }
  const incidents: IncidentSpec[] = [];
  for (const text of values.incident ?? []) {
    try {
      incidents.push(parseIncidentSpec(text, tenants));
    } catch (error) {
      throw new CliError(`--incident '${text}': ${error instanceof Error ? error.message : error}`);
    }
  }
  if (incidents.length > 0) options.incidents = incidents;
  return { help: false, options };
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function duration(option: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`${option}: ${error instanceof Error ? error.message : error}`);
  }
}

function integer(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
    throw new CliError(`${option} expects a whole number from ${min} to ${max}, got '${text}'`);
  }
  return n;
}

/** node:util parseArgs messages are long and generic; say which option is wrong, briefly. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  // e.g. "Option '-h, --help' does not take an argument", "Option '--rate <value>' argument missing".
  const quoted = (/'([^']+)'/.exec(message)?.[1] ?? '').replace(/^-\w, /, '').replace(/ <value>$/, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(message))
        return `option '${quoted}': write a value starting with '-' as ${quoted}=-…`;
      return /argument missing/.test(message)
        ? `option '${quoted}' needs a value`
        : `option '${quoted}' takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}' (options start with --)`;
    default:
      return message;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`llm-hub-demo: ${error.message}\nRun 'llm-hub-demo --help' for usage.\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  // First Ctrl-C stops cleanly (in-flight batches end, Kafka disconnects); a second one quits now.
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('stopping (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await runDemo(command.options, { signal: controller.signal });
    return 0;
  } catch (error) {
    const message =
      error instanceof FatalSendError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`llm-hub-demo: ${message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
