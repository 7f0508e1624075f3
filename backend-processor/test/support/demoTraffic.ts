/** Demo traffic for the anomaly tests: what the detectors learn from, and the incident they must find. */
import { runDemo } from '../../src/demo/run';
import { ADMIN_KEY } from './processor';

const MINUTE = 60_000;

/**
 * Two hours of demo traffic (10 events/s) ending at `liveStart`, with a 10-minute latency spike on
 * gpt-4o from `onset`. The same seed sends the same events.
 */
export async function sendLatencySpike(
  url: string,
  { liveStart, onset, seed }: { liveStart: number; onset: number; seed: number },
) {
  await runDemo(
    {
      url,
      apiKey: ADMIN_KEY,
      rate: 10,
      seed,
      backfillMs: 120 * MINUTE,
      durationMs: 0,
      incidents: [
        {
          kind: 'latency-spike',
          model: 'gpt-4o',
          at: { offsetMs: onset - liveStart },
          durationMs: 10 * MINUTE,
        },
      ],
      log: () => undefined,
    },
    { now: () => liveStart },
  );
}
