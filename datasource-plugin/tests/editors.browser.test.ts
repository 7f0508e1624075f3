/**
 * @jest-environment node
 *
 * The editors in headless Chromium with Grafana's dark and light themes, their dropdowns filled by
 * the demo processor; screenshots to artifacts/screenshots/.
 */
import { join } from 'node:path';
import { startHarness, type Harness } from '../../plugin-testing/harness/session';
import { screenshot, THEMES } from '../../plugin-testing/harness/browser';
import { QUERY_TYPES } from '../src/types';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('datasource', join(__dirname, 'harness', 'editors.tsx'));
}, 240_000);

afterAll(() => harness?.close());

const open: Harness['open'] = (query, theme) => harness.open(query, theme);

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
