/**
 * @jest-environment node
 *
 * The forecast band in headless Chromium, Grafana's dark and light themes, with the demo
 * processor's cost forecast and anomalies; screenshots to artifacts/screenshots/.
 */
import { join } from 'node:path';
import { screenshot, THEMES } from '../../../plugin-testing/harness/browser';
import { startHarness, type Harness } from '../../../plugin-testing/harness/session';
import { demoProcessor } from '../../../plugin-testing/testProcessor';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('forecast-band', join(__dirname, 'harness', 'panel.tsx'));
}, 240_000);

afterAll(() => harness?.close());

const { start, end } = demoProcessor().window;

describe.each(THEMES)('%s theme', (theme) => {
  test('the demo forecast: chart, legend, and a tooltip with values and bands at the cursor', async () => {
    const { page, errors } = await harness.open(`view=demo&start=${start}&end=${end}`, theme);
    const legend = await page.locator('[data-testid^="data-testid VizLegend series"]').allTextContents();
    expect(legend).toEqual([
      'Actual',
      'Forecast',
      '80 % interval',
      '95 % interval',
      'Anomaly',
      'Hourly budget',
    ]);
    // The plot's overlay: hover in the forecast half (the right third of the time range).
    const over = page.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    const tooltip = page.getByTestId('forecast-tooltip');
    await expect(tooltip.textContent()).resolves.toMatch(
      /Forecast\$[\d.]+80 % interval\$[\d.]+ – \$[\d.]+95 % interval\$[\d.]+ – \$[\d.]+$/,
    );
    await screenshot(page, `forecast-band-${theme}`);
    // In the past: the actual cost.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await expect(tooltip.textContent()).resolves.toMatch(/Actual\$[\d.]+/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
