import { CliError, USAGE, parseCli } from '../../src/demo/cli';
import { parseDuration, parseIncidentSpec, resolveIncident } from '../../src/demo/incidents';

const env = {};
const parse = (...argv: string[]) => parseCli(argv, env);
const error = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
};

describe('parseCli', () => {
  it('applies the documented defaults', () => {
    expect(parse()).toEqual({ help: false, options: { target: 'http', url: 'http://127.0.0.1:8080' } });
    expect(parseCli([], { HUB_API_KEY: 'from-env' })).toEqual({
      help: false,
      options: { target: 'http', url: 'http://127.0.0.1:8080', apiKey: 'from-env' },
    });
    expect(parse('--target', 'kafka')).toEqual({
      help: false,
      options: { target: 'kafka', brokers: ['127.0.0.1:9092'], topic: 'llm-events' },
    });
  });

  it('reads every option', () => {
    const command = parse(
      '--url=http://hub:8080',
      '--key',
      'k1',
      '--rate',
      '50',
      '--duration',
      '10m',
      '--seed',
      '42',
      '--backfill',
      '2h',
      '--tenants',
      'acme,umbrella',
      '--batch-size',
      '100',
      '--incident',
      'latency-spike:model=claude-sonnet-4,at=+60s,for=120s',
      '--incident',
      'threat-chain:tenant=umbrella,at=-30m,for=5m,every=5s',
    );
    expect(command).toEqual({
      help: false,
      options: {
        target: 'http',
        url: 'http://hub:8080',
        apiKey: 'k1',
        rate: 50,
        durationMs: 600_000,
        seed: '42',
        backfillMs: 7_200_000,
        tenants: ['acme', 'umbrella'],
        batchSize: 100,
        incidents: [
          { kind: 'latency-spike', model: 'claude-sonnet-4', at: { offsetMs: 60_000 }, durationMs: 120_000 },
          {
            kind: 'threat-chain',
            tenant: 'umbrella',
            at: { offsetMs: -1_800_000 },
            durationMs: 300_000,
            everyMs: 5000,
          },
        ],
      },
    });
  });

  it('shows help', () => {
    expect(parse('--help')).toEqual({ help: true });
    expect(parse('-h')).toEqual({ help: true });
    expect(USAGE).toContain('--incident SPEC');
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--rate'], "option '--rate' needs a value"],
    [['--help=yes'], "option '--help' takes no value"],
    [['stray'], "unexpected argument 'stray'"],
    [['--rate', '-3'], "option '--rate': write a value starting with '-' as --rate=-…"],
    [['--rate=-3'], '--rate expects events per second in (0, 100000]'],
    [['--target', 'grpc'], "--target must be http or kafka, got 'grpc'"],
    [['--url', 'not a url'], "--url 'not a url' is not a URL"],
    [['--url', 'ftp://x'], '--url must be an http:// or https:// URL'],
    [['--rate', '0'], '--rate expects events per second'],
    [['--rate', 'fast'], '--rate expects events per second'],
    [['--duration', '10'], "--duration: '10' is not a duration"],
    [['--duration', '0s'], '--duration must be longer than 0'],
    [['--backfill', '2 hours'], "--backfill: '2 hours' is not a duration"],
    [['--backfill', '31d'], '--backfill is limited to 30d'],
    [['--batch-size', '2.5'], '--batch-size expects a whole number'],
    [['--brokers', 'localhost:9092'], '--brokers applies to --target kafka only'],
    [['--target', 'kafka', '--key', 'x'], '--key applies to --target http only'],
    [['--target', 'kafka', '--brokers', 'localhost'], '--brokers expects host:port'],
    [['--target', 'kafka', '--topic', 'bad topic'], "--topic 'bad topic' is not a valid Kafka topic name"],
    [['--tenants', 'acme,acme'], '--tenants lists a tenant twice'],
    [['--tenants', 'ac me'], "'ac me' is not one"],
    [['--seed', ''], '--seed must not be empty'],
    [['--incident', 'meteor'], "--incident 'meteor': unknown incident kind 'meteor'"],
    [['--incident', 'latency-spike:model=gpt-5'], "unknown model 'gpt-5' (known: gpt-4o, gpt-4o-mini"],
    [['--incident', 'error-burst:route=video'], "unknown route 'video'"],
    [['--incident', 'cost-surge:tenant=hooli'], "unknown tenant 'hooli' (known: acme, globex, initech)"],
    [['--incident', 'cost-surge:model=gpt-4o'], "cost-surge has no parameter 'model'"],
    [['--incident', 'cost-surge:at'], "'at' in incident 'cost-surge:at' is not key=value"],
    [['--incident', 'cost-surge:at=soon'], 'at=soon: expected an offset'],
    [['--incident', 'cost-surge:for=0s'], 'an incident must last longer than 0'],
    [['--incident', 'error-burst:rate=1.5'], 'rate=1.5: expected a number in (0, 1]'],
    [['--incident', 'latency-spike:factor=-2'], 'factor=-2: expected a number'],
    [['--incident', 'latency-spike:at=+1m,at=+2m'], "parameter 'at' given twice"],
  ])('rejects %j', (argv, message) => {
    expect(error(...argv)).toContain(message);
  });
});

describe('incident specs', () => {
  it('fills defaults: at +30s, for 2m, model gpt-4o, route chat, the first tenant', () => {
    expect(parseIncidentSpec('latency-spike', ['acme'])).toEqual({
      kind: 'latency-spike',
      model: 'gpt-4o',
      at: { offsetMs: 30_000 },
      durationMs: 120_000,
    });
    expect(parseIncidentSpec('cost-surge', ['globex', 'acme'])).toMatchObject({ tenant: 'globex' });
    expect(parseIncidentSpec('error-burst:rate=0.5', ['acme'])).toMatchObject({
      route: 'chat',
      errorRate: 0.5,
    });
    expect(parseIncidentSpec('threat-chain', ['acme'])).toMatchObject({
      tenant: undefined,
      everyMs: undefined,
    });
  });

  it('anchors relative starts to the start of live traffic and keeps absolute ones', () => {
    const live = Date.parse('2025-01-20T12:00:00Z');
    expect(resolveIncident(parseIncidentSpec('cost-surge:at=-30m', ['acme']), live).start).toBe(
      live - 1_800_000,
    );
    expect(resolveIncident(parseIncidentSpec('cost-surge:at=90s', ['acme']), live).start).toBe(live + 90_000);
    expect(
      resolveIncident(parseIncidentSpec('cost-surge:at=2025-01-20T13:00:00Z,for=1h', ['acme']), live),
    ).toMatchObject({ start: live + 3_600_000, durationMs: 3_600_000 });
  });

  it('parses durations', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    for (const bad of ['', '10', 'h', '5 m', '1h-5m', '3w'])
      expect(() => parseDuration(bad)).toThrow('is not a duration');
  });
});
