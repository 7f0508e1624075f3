/**
 * A browser test's or benchmark's harness: the page built, served (with the data source proxy to the
 * demo processor, when there is one) and a Chromium to open it in.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { hubDataSourceInstance } from '../testProcessor';
import { launchChromium, openThemedPage, type Theme } from './browser';
import { buildHarness } from './build';
import { serveHarness, type HarnessServer } from './server';

export interface Harness {
  browser: Browser;
  server: HarnessServer;
  /** Opens `/?query&theme=theme`, Grafana's theme checked. */
  open(query: string, theme: Theme, readyTimeoutMs?: number): ReturnType<typeof openThemedPage>;
  close(): Promise<void>;
}

/** `name` names the build folder (artifacts/harness/<name>); `entry` is the page's .tsx. */
export async function startHarness(name: string, entry: string, { processor = true } = {}): Promise<Harness> {
  const dir = join(__dirname, '..', '..', 'artifacts', 'harness', name);
  await buildHarness(entry, dir);
  const server = await serveHarness(dir, processor ? hubDataSourceInstance() : undefined);
  const browser = await launchChromium();
  return {
    browser,
    server,
    open: (query, theme, readyTimeoutMs) =>
      openThemedPage(browser, `${server.url}/?${query}`, theme, readyTimeoutMs),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
