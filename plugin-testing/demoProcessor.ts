/**
 * A real processor for the plugins' tests: the built processor (backend-processor/dist) on its
 * embedded store, filled by the demo generator with 26 hours of steady traffic (enough hourly history to
 * forecast) and a latency spike on gpt-4o the live detectors have judged, and a read-only API key.
 *
 * The traffic is anchored at midnight UTC with a fixed seed and judged by detectors whose clock
 * stands just after it, so every run holds the same events and anomalies whatever time it runs at;
 * `DemoWindow` tells tests where the interesting parts are.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST = join(__dirname, '..', 'backend-processor', 'dist');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Events per second: a steady day (no level shift against yesterday), about 56,000 events. */
const RATE = 0.6;

export const ADMIN_KEY = 'plugin-tests-admin-key-0123456789';

/** Where the demo traffic lies, in ms since the epoch. */
export interface DemoWindow {
  /** The end of the traffic: today's midnight (UTC). */
  end: number;
  /** The start of the traffic: 26 hours before the end. */
  start: number;
  /** The onset of the latency spike on gpt-4o (10 minutes long). */
  spikeOnset: number;
}

export interface DemoProcessor {
  url: string;
  /** A key with only the read scope, as a Grafana data source would hold. */
  readKey: string;
  window: DemoWindow;
  stop(): Promise<void>;
}

/** What a test process reads from `HUB_PLUGIN_TEST_PROCESSOR` (set by the global setup). */
export type DemoProcessorInfo = Omit<DemoProcessor, 'stop'>;

export function demoWindow(now = Date.now()): DemoWindow {
  const end = Math.floor(now / (24 * HOUR)) * 24 * HOUR;
  return { end, start: end - 26 * HOUR, spikeOnset: end - 25 * MINUTE };
}

/** The parts of the built processor this fixture uses (backend-processor/src has the real types). */
interface BuiltProcessor {
  url: string;
  close(): Promise<void>;
  anomalies: { judgeClosedMinutes(): Promise<void> };
  keys: { create(name: string, scopes: string[], tenant: string | null): Promise<{ key: string }> };
}
interface BuiltModules {
  'config/config': { loadConfig(env: Record<string, string>): { logLevel: string } };
  'observability/logger': { createLogger(level: string): unknown };
  processor: {
    startProcessor(config: unknown, logger: unknown, parts: { now: () => number }): Promise<BuiltProcessor>;
  };
  'demo/run': {
    runDemo(
      options: Record<string, unknown>,
      context: { now: () => number },
    ): Promise<Record<string, unknown>>;
  };
}

function requireBuilt<M extends keyof BuiltModules>(module: M): BuiltModules[M] {
  try {
    // The built processor is CommonJS at a path known only at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(join(DIST, module)) as BuiltModules[M];
  } catch (error) {
    throw new Error(
      `The plugin tests run the built processor; build it first (npm run build): ${(error as Error).message}`,
    );
  }
}

export async function startDemoProcessor(
  log: (line: string) => void = () => undefined,
): Promise<DemoProcessor> {
  const { loadConfig } = requireBuilt('config/config');
  const { createLogger } = requireBuilt('observability/logger');
  const { startProcessor } = requireBuilt('processor');
  const { runDemo } = requireBuilt('demo/run');

  const dataDir = mkdtempSync(join(tmpdir(), 'llm-hub-plugin-tests-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    HUB_DATA_DIR: dataDir,
    HUB_BOOTSTRAP_KEY: ADMIN_KEY,
    HUB_LOG_LEVEL: 'warn',
    // Judged below, once the history is in, rather than by the minute timer.
    HUB_ANOMALY_DETECTION: 'off',
    HUB_FORECAST_INTERVAL_MINUTES: '0',
    HUB_MONTHLY_BUDGET_USD: '1000',
  });
  const window = demoWindow();
  // The detectors judge as if it were just after the traffic: whatever time the tests run at, they
  // replay the same 26 hours and find the same anomalies.
  const processor = await startProcessor(config, createLogger(config.logLevel), {
    now: () => window.end + MINUTE,
  });
  const stop = async () => {
    await processor.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    await runDemo(
      {
        url: processor.url,
        apiKey: ADMIN_KEY,
        durationMs: 0,
        log,
        rate: RATE,
        seed: 20_261_122,
        backfillMs: window.end - window.start,
        incidents: [
          {
            kind: 'latency-spike',
            model: 'gpt-4o',
            at: { offsetMs: window.spikeOnset - window.end },
            durationMs: 10 * MINUTE,
          },
          { kind: 'threat-chain', tenant: 'acme', at: { offsetMs: -2 * HOUR }, durationMs: 5 * MINUTE },
          // Cost anomalies for the dashboards' cost panels, hours away from the latency spike.
          { kind: 'cost-surge', tenant: 'globex', at: { offsetMs: -4 * HOUR }, durationMs: 15 * MINUTE },
        ],
      },
      { now: () => window.end },
    );
    log(`demo processor: traffic stored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await processor.anomalies.judgeClosedMinutes();
    const { key: readKey } = await processor.keys.create('grafana datasource tests', ['read'], null);
    log(`demo processor: anomalies judged after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { url: processor.url, readKey, window, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
