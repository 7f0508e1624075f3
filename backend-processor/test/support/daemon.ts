/**
 * A server binary of a test (Prometheus, Alertmanager) on a free loopback port, with its own
 * scratch directory: started, waited for until `/-/ready` answers, stopped, and cleaned up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Daemon {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Stops the server and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface DaemonOptions {
  /** For messages: "Prometheus". */
  name: string;
  command: string;
  /**
   * Writes the configuration for a start on `address` into the scratch directory, and returns the
   * command's arguments.
   */
  configure(address: string, dir: string): string[];
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hub-${options.command}-`));
  try {
    // Another process may take the free port between our check and the server binding it: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await spawnDaemon(options, dir, `127.0.0.1:${port}`);
      if (started.ok) return handle(started.child, `http://127.0.0.1:${port}`, dir);
      if (!/address already in use/i.test(started.log) || attempt >= 3) {
        throw new Error(`${options.name} did not start: ${started.reason}\n--- its log ---\n${started.log}`);
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

type SpawnResult = { ok: true; child: ChildProcess } | { ok: false; reason: string; log: string };

async function spawnDaemon(options: DaemonOptions, dir: string, address: string): Promise<SpawnResult> {
  const logFile = path.join(dir, `${options.command}-${address.split(':')[1]}.log`);
  const logFd = openSync(logFile, 'w');
  const child = spawn(options.command, options.configure(address, dir), { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const readLog = () => readFileSync(logFile, 'utf8').trim();

  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  child.once('error', (err) => (exited = `could not be run: ${err.message}`));

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) return { ok: false, reason: exited, log: readLog() };
    try {
      const response = await fetch(`http://${address}/-/ready`);
      if (response.ok) return { ok: true, child };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  return { ok: false, reason: `not ready within 60s on ${address}`, log: readLog() };
}

function handle(child: ChildProcess, url: string, dir: string): Daemon {
  // If a test forgets stop(), do not leave the server running after the jest worker exits.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopped: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  }
  return { url, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
