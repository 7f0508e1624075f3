/** The processor under benchmark: `node dist/main.js` as a child process, as in production. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_KEY = 'bench-key-0123456789abcdef';

export interface ProcessorProcess {
  url: string;
  child: ChildProcess;
  /** Resident set size now, in MB (Linux /proc). */
  rssMb(): number;
  /** The highest RSS seen by `sampleRss` calls so far. */
  peakRssMb(): number;
  /** Samples the RSS every 250 ms until the returned function is called. */
  sampleRss(): () => void;
  stop(): Promise<void>;
}

/** `nodeArgs`: options for node itself, e.g. `--cpu-prof` to profile the processor. */
export async function startProcessorProcess(
  env: Record<string, string>,
  port: number,
  nodeArgs: string[] = [],
): Promise<ProcessorProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      HUB_BOOTSTRAP_KEY: BENCH_KEY,
      HUB_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`processor exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error('processor did not become ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let peak = 0;
  const rssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return kb / 1024;
  };
  return {
    url,
    child,
    rssMb,
    peakRssMb: () => peak,
    sampleRss() {
      const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 250);
      return () => clearInterval(timer);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** A counter of the processor's /metrics, e.g. `llm_events_stored_total`. */
export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}
