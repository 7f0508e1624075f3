/**
 * @jest-environment node
 *
 * The correlation graph in headless Chromium, Grafana's dark and light themes, with the demo
 * processor's correlations: drawn, a node clicked (its neighbourhood highlighted, its details and
 * drill-down shown), hovered (tooltip), zoomed; screenshots to artifacts/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot, THEMES } from '../../../plugin-testing/harness/browser';
import { startHarness, type Harness } from '../../../plugin-testing/harness/session';
import { demoProcessor } from '../../../plugin-testing/testProcessor';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('correlation-graph', join(__dirname, 'harness', 'panel.tsx'));
}, 240_000);

afterAll(() => harness?.close());

const { start, end } = demoProcessor().window;

/** Where the canvas has drawn something other than the background: the share of such pixels. */
async function drawnShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas[role="img"]') as HTMLCanvasElement;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) drawn++;
    return drawn / (pixels.length / 4);
  });
}

describe.each(THEMES)('%s theme', (theme) => {
  test('the demo correlations: nodes and links drawn, legend of types and kinds', async () => {
    const { page, errors } = await harness.open(`view=demo&start=${start}&end=${end}`, theme);
    const label = await page.locator('canvas[role="img"]').getAttribute('aria-label');
    const [, nodes, links] = /(\d+) nodes, (\d+) links/.exec(label ?? '')!.map(Number);
    expect(nodes).toBeGreaterThan(3);
    expect(links).toBeGreaterThan(2);
    expect(await drawnShare(page)).toBeGreaterThan(0.005);
    const legend = await page.getByRole('list', { name: 'Legend' }).textContent();
    expect(legend).toMatch(/model/);
    expect(legend).toMatch(/Threat then violation|Busy together|Shared traces|Causal/);
    await screenshot(page, `correlation-graph-${theme}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('click a node: its neighbourhood highlighted, details and drill down; hover: tooltip; zoom', async () => {
    const { page, errors } = await harness.open(`view=demo&start=${start}&end=${end}`, theme);
    const canvas = page.locator('canvas[role="img"]');
    const box = (await canvas.boundingBox())!;
    // Find a node: move over the canvas from the middle outwards (where the linked nodes gather)
    // until the pointer says there is something to click.
    const spots = [];
    for (let y = 10; y < box.height; y += 10) for (let x = 10; x < box.width; x += 10) spots.push({ x, y });
    spots.sort(
      (a, b) =>
        Math.hypot(a.x - box.width / 2, a.y - box.height / 2) -
        Math.hypot(b.x - box.width / 2, b.y - box.height / 2),
    );
    let found: { x: number; y: number } | undefined;
    for (const spot of spots) {
      await page.mouse.move(box.x + spot.x, box.y + spot.y);
      if ((await canvas.evaluate((element) => element.style.cursor)) === 'pointer') {
        found = spot;
        break;
      }
    }
    expect(found).toBeDefined();
    await expect(page.getByRole('tooltip').textContent()).resolves.toBeTruthy();
    const before = await drawnShare(page);
    await page.mouse.click(box.x + found!.x, box.y + found!.y);
    const details = page.getByRole('region', { name: /^Selected: / });
    await expect(details.textContent()).resolves.toMatch(/Linked to [1-9]\d* nodes?/);
    await expect(page.getByRole('button', { name: /^Set \$model = / }).count()).resolves.toBe(1);
    await screenshot(page, `correlation-graph-selected-${theme}`);
    // Everything outside the neighbourhood faded: less ink than before.
    expect(await drawnShare(page)).toBeLessThan(before);
    // Zooming in makes the graph bigger on the canvas.
    await page.getByRole('button', { name: 'Clear the selection' }).click();
    const fitted = await drawnShare(page);
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(100);
    expect(await drawnShare(page)).not.toBeCloseTo(fitted, 3);
    expect(errors).toEqual([]);
    await page.close();
  });
});
