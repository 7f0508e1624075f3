/**
 * The panels' benchmark: each panel's harness page (`view=bench`) in headless Chromium, with
 * synthetic data of the sizes the issue names; prints the figures and their baselines.
 *
 *   npm run bench:panels                       # 100,000 points; 500 nodes / 2,000 links
 *   npm run bench:panels -- --points 1000000   # other sizes
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startHarness } from '../plugin-testing/harness/session';

const { values } = parseArgs({
  options: {
    points: { type: 'string', default: '100000' },
    nodes: { type: 'string', default: '500' },
    edges: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '7' },
  },
});

async function measure(name: string, query: string): Promise<Record<string, number>> {
  const harness = await startHarness(
    `${name}-bench`,
    join(__dirname, name, 'tests', 'harness', 'panel.tsx'),
    {
      processor: false,
    },
  );
  try {
    const { page, errors } = await harness.open(`view=bench&${query}`, 'dark', 300_000);
    const result = await page.evaluate(
      () => (window as unknown as { benchResult: Record<string, number> }).benchResult,
    );
    if (errors.length > 0) throw new Error(`${name}: ${errors.join('; ')}`);
    return result;
  } finally {
    await harness.close();
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const { points, nodes, edges, runs } = values;
  const band = await measure('forecast-band', `points=${points}&runs=${runs}`);
  console.log(
    `forecast band, ${band.points} points × 3 series (actual, forecast, 80 % band), median of ${band.runs}:`,
  );
  console.log(`  first render (panel)            ${ms(band.panelMs!)}`);
  console.log(
    `  baseline: uPlot alone, all points ${ms(band.uplotAllPointsMs!)}  → panel/baseline ${(band.panelMs! / band.uplotAllPointsMs!).toFixed(2)}`,
  );

  const graph = await measure('correlation-graph', `nodes=${nodes}&edges=${edges}&runs=${runs}`);
  console.log(`correlation graph, ${graph.nodes} nodes / ${graph.edges} links, median of ${graph.runs}:`);
  console.log(`  settled (layout at rest + first draw) ${ms(graph.settledMs!)} (${graph.ticks} ticks)`);
  console.log(
    `  baseline: d3-force simulation alone   ${ms(graph.layoutOnlyMs!)}  → panel/baseline ${(graph.settledMs! / graph.layoutOnlyMs!).toFixed(2)}`,
  );
  const fps = (frameMs: number) => Math.floor(1000 / frameMs);
  console.log(
    `  pan redraw (bitmap moved)    median ${ms(graph.panRedrawMs!)}, p95 ${ms(graph.panRedrawP95Ms!)} → ${fps(graph.panRedrawP95Ms!)} fps at p95`,
  );
  console.log(
    `  full redraw (zoom, highlight, every half view of pan) median ${ms(graph.fullDrawMs!)}, p95 ${ms(graph.fullDrawP95Ms!)} → ${fps(graph.fullDrawP95Ms!)} fps`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
