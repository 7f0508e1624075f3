/**
 * Harness page of the correlation graph (built and opened by panel.browser.test.ts and the
 * benchmark): `?view=demo&start=…&end=…` renders the demo processor's correlation graph;
 * `?view=bench&nodes=…&edges=…` times the layout to rest and the first draw, then the redraws of a
 * pan. `&theme=dark|light`.
 */
import { LoadingState } from '@grafana/data';
import {
  harnessTheme,
  installGrafanaServices,
  params,
  renderGrafanaPage,
} from '../../../../plugin-testing/harness/GrafanaPage';
import {
  median,
  PanelFrame,
  timeFirstRender,
  queryHub,
  timeRangeOf,
  withFieldConfig,
} from '../../../../plugin-testing/harness/PanelPage';
import { CorrelationGraphPanel } from '../../src/components/CorrelationGraphPanel';
import { drawGraph } from '../../src/drawGraph';
import { findGraph } from '../../src/graphData';
import { GraphRenderer } from '../../src/graphRenderer';
import { boundsOf, sceneOf } from '../../src/graphScene';
import { layoutGraph } from '../../src/layout';
import { DEFAULT_OPTIONS } from '../../src/types';
import { fitTransform, panBy } from '../../src/viewport';
import { syntheticGraphFrames } from '../syntheticGraph';

const SIZE = { width: 1100, height: 620 };

async function demo() {
  installGrafanaServices();
  const range = timeRangeOf(Number(params.get('start')), Number(params.get('end')));
  const data = await queryHub([{ queryType: 'correlations' }], range, range.to.valueOf() + 60_000);
  renderGrafanaPage(
    <PanelFrame
      Panel={CorrelationGraphPanel}
      title="What went wrong together"
      options={{ ...DEFAULT_OPTIONS, variable: 'model' }}
      data={data}
      {...SIZE}
    />,
  );
}

/**
 * Settled: the panel's first render (frames read, d3-force run to rest, first draw) until the next
 * frame, against the d3-force simulation alone (the baseline). Pan: redraws of the whole graph as a
 * drag moves it, each timed.
 */
async function bench() {
  const nodes = Number(params.get('nodes') ?? 500);
  const edges = Number(params.get('edges') ?? 2000);
  const runs = Number(params.get('runs') ?? 5);
  const series = withFieldConfig(syntheticGraphFrames(nodes, edges));
  const range = timeRangeOf(0, 1);
  const data = { state: LoadingState.Done, series, timeRange: range };
  const host = document.createElement('div');
  document.body.appendChild(host);
  const settledMs: number[] = [];
  const layoutMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    settledMs.push(
      await timeFirstRender(
        host,
        <PanelFrame
          Panel={CorrelationGraphPanel}
          title="bench"
          options={DEFAULT_OPTIONS}
          data={data}
          {...SIZE}
        />,
      ),
    );
    const lookup = findGraph(series, DEFAULT_OPTIONS);
    if (!('graph' in lookup)) throw new Error(lookup.problem);
    const started = performance.now();
    layoutGraph(lookup.graph, 1);
    layoutMs.push(performance.now() - started);
  }

  const lookup = findGraph(series, DEFAULT_OPTIONS);
  if (!('graph' in lookup)) throw new Error(lookup.problem);
  const layout = layoutGraph(lookup.graph, 1);
  const scene = sceneOf(lookup.graph, layout, DEFAULT_OPTIONS, harnessTheme());
  const canvas = document.createElement('canvas');
  const pixelRatio = window.devicePixelRatio || 1;
  canvas.width = SIZE.width * pixelRatio;
  canvas.height = SIZE.height * pixelRatio;
  document.body.appendChild(canvas);
  const context = canvas.getContext('2d')!;
  const renderer = new GraphRenderer(canvas);
  let transform = fitTransform(boundsOf(layout), SIZE.width, SIZE.height);
  const view = () => ({ transform, width: SIZE.width, height: SIZE.height, pixelRatio });
  /** Milliseconds to draw, until the pixels are there (reading one back waits for the canvas). */
  const timed = (draw: () => void) => {
    const started = performance.now();
    draw();
    context.getImageData(0, 0, 1, 1);
    return performance.now() - started;
  };
  const fullMs: number[] = [];
  const panMs: number[] = [];
  for (let step = 0; step < 120; step++) {
    transform = panBy(transform, step % 60 < 30 ? 4 : -4, 2);
    fullMs.push(timed(() => drawGraph(context, scene, view())));
  }
  renderer.draw(scene, view());
  for (let step = 0; step < 120; step++) {
    transform = panBy(transform, step % 60 < 30 ? 4 : -4, 2);
    panMs.push(timed(() => renderer.draw(scene, view())));
  }
  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
  Object.assign(window, {
    benchResult: {
      nodes,
      edges,
      runs,
      ticks: layout.ticks,
      settledMs: median(settledMs),
      layoutOnlyMs: median(layoutMs),
      panRedrawMs: median(panMs),
      panRedrawP95Ms: p95(panMs),
      fullDrawMs: median(fullMs),
      fullDrawP95Ms: p95(fullMs),
    },
  });
  document.body.setAttribute('data-harness-ready', 'true');
}

void (params.get('view') === 'bench' ? bench() : demo());
