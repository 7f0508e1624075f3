/**
 * @jest-environment node
 *
 * The editors in headless Chromium with Grafana's dark and light themes, their dropdowns filled by
 * the demo processor; screenshots to artifacts/screenshots/.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, openHarnessPage, screenshot } from '../../plugin-testing/harness/browser';
import { buildHarness } from '../../plugin-testing/harness/build';
import { serveHarness, type HarnessServer } from '../../plugin-testing/harness/server';
import { hubDataSourceInstance } from '../../plugin-testing/testProcessor';
import { QUERY_TYPES } from '../src/types';

const THEMES = ['dark', 'light'] as const;

let browser: Browser;
let server: HarnessServer;

beforeAll(async () => {
  const dir = join(__dirname, '..', '..', 'artifacts', 'harness', 'datasource');
  await buildHarness(join(__dirname, 'harness', 'editors.tsx'), dir);
  server = await serveHarness(dir, hubDataSourceInstance());
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

async function open(query: string, theme: (typeof THEMES)[number]) {
  const { page, errors } = await openHarnessPage(browser, `${server.url}/?${query}&theme=${theme}`);
  // Grafana's theme is applied: a dark page is dark, a light one light.
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(luminance(background) < 0.3).toBe(theme === 'dark');
  return { page, errors };
}

describe.each(THEMES)('%s theme', (theme) => {
  test('ConfigEditor: the URL, a configured (hidden) key, the default tenant', async () => {
    const { page, errors } = await open('view=config', theme);
    await expect(page.inputValue('#hub-config-url')).resolves.toBe('http://llm-hub-processor:8080');
    await expect(page.inputValue('#hub-config-api-key')).resolves.toBe('configured');
    await expect(page.inputValue('#hub-config-tenant')).resolves.toBe('acme');
    await screenshot(page, `datasource-config-editor-${theme}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('QueryEditor: the metric dropdown lists the processor metrics', async () => {
    const { page, errors } = await open('view=query&type=timeseries', theme);
    await expect(page.inputValue('#hub-metric')).resolves.toBe('latency_ms');
    await page.click('#hub-metric');
    await page.waitForSelector('[role="option"]');
    const options = await page.locator('[role="option"]').allTextContents();
    expect(options.some((text) => text.startsWith('latency_ms'))).toBe(true);
    expect(options.some((text) => text.startsWith('cost_usd'))).toBe(true);
    await screenshot(page, `datasource-query-editor-metric-open-${theme}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  test.each(QUERY_TYPES.map((type) => type.value))('QueryEditor: %s', async (type) => {
    const { page, errors } = await open(`view=query&type=${type}`, theme);
    const selected = await page.locator('input[type="radio"]:checked + label').textContent();
    expect(selected?.trim()).toBe(QUERY_TYPES.find((t) => t.value === type)!.label);
    await screenshot(page, `datasource-query-editor-${type}-${theme}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
