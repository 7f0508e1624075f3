import {
  applyFieldOverrides,
  createTheme,
  getDefaultTimeRange,
  LoadingState,
  type DataFrame,
  type Field,
  type PanelData,
  type PanelProps,
} from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { graphFrames } from '../../tests/frames';
import { findGraph } from '../graphData';
import { boundsOf } from '../graphScene';
import { layoutGraph } from '../layout';
import { DEFAULT_OPTIONS, type CorrelationGraphOptions } from '../types';
import { fitTransform } from '../viewport';
import { CorrelationGraphPanel } from './CorrelationGraphPanel';

const WIDTH = 600;
const HEIGHT = 400;

function renderPanel(
  series: DataFrame[],
  options: Partial<CorrelationGraphOptions> = {},
  data: Partial<PanelData> = {},
) {
  const props = {
    data: { state: LoadingState.Done, series, timeRange: getDefaultTimeRange(), ...data },
    options: { ...DEFAULT_OPTIONS, showLegend: false, ...options },
    width: WIDTH,
    height: HEIGHT,
  } as unknown as PanelProps<CorrelationGraphOptions>;
  return render(<CorrelationGraphPanel {...props} />);
}

/** Where the panel draws node `id`: the same layout, fitted to the canvas (jsdom puts it at 0, 0). */
function screenPositionOf(id: string) {
  const lookup = findGraph(graphFrames(), DEFAULT_OPTIONS);
  if (!('graph' in lookup)) throw new Error(lookup.problem);
  const layout = layoutGraph(lookup.graph, DEFAULT_OPTIONS.layoutStrength);
  const t = fitTransform(boundsOf(layout), WIDTH, HEIGHT);
  const node = layout.positions.get(id)!;
  return { clientX: node.x * t.k + t.x, clientY: node.y * t.k + t.y };
}

function click(canvas: HTMLElement, at: { clientX: number; clientY: number }) {
  fireEvent.pointerDown(canvas, at);
  fireEvent.pointerUp(canvas, at);
}

test('the graph: a canvas that says what it shows', () => {
  renderPanel(graphFrames());
  expect(screen.getByRole('img')).toHaveAccessibleName('Correlation graph: 5 nodes, 3 links');
});

test('click a node: its neighbourhood is listed and it can drill down; click the background: cleared', async () => {
  renderPanel(graphFrames(), { variable: 'model' });
  const canvas = screen.getByRole('img');
  click(canvas, screenPositionOf('model:gpt-4o'));
  const details = screen.getByRole('region', { name: 'Selected: gpt-4o' });
  expect(details).toHaveTextContent('Linked to 3 nodes');
  expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
    'llm-cost',
    'llm-observatory',
    '/chat',
  ]);
  await userEvent.click(screen.getByRole('button', { name: 'Set $model = gpt-4o' }));
  expect(locationService.getSearchObject()['var-model']).toBe('gpt-4o');
  click(canvas, { clientX: 2, clientY: 2 });
  expect(screen.queryByRole('region')).not.toBeInTheDocument();
});

test('a node with no links: linked to none; a drag is a pan, not a click', () => {
  renderPanel(graphFrames());
  const canvas = screen.getByRole('img');
  click(canvas, screenPositionOf('model:claude'));
  expect(screen.getByRole('region', { name: 'Selected: claude' })).toHaveTextContent('Linked to 0 nodes');
  fireEvent.click(screen.getByRole('button', { name: 'Clear the selection' }));
  const at = screenPositionOf('model:gpt-4o');
  fireEvent.pointerDown(canvas, at);
  fireEvent.pointerMove(canvas, { clientX: at.clientX + 30, clientY: at.clientY });
  fireEvent.pointerUp(canvas, { clientX: at.clientX + 30, clientY: at.clientY });
  expect(screen.queryByRole('region')).not.toBeInTheDocument();
});

test('hover a node: a tooltip with its stats and details', () => {
  renderPanel(graphFrames());
  fireEvent.pointerMove(screen.getByRole('img'), screenPositionOf('model:gpt-4o'));
  const tooltip = screen.getByRole('tooltip');
  expect(tooltip).toHaveTextContent('gpt-4o');
  expect(tooltip).toHaveTextContent('2 anomalies');
  expect(tooltip).toHaveTextContent('root cause rank1');
});

test('options: minimum strength and kinds filter links; the legend lists node types and link kinds', () => {
  renderPanel(graphFrames(), { minStrength: 0.5 });
  expect(screen.getByRole('img')).toHaveAccessibleName('Correlation graph: 4 nodes, 2 links');
  renderPanel(graphFrames(), { kinds: ['trace'], showLegend: true });
  expect(screen.getAllByRole('img')[1]).toHaveAccessibleName('Correlation graph: 3 nodes, 1 links');
  expect(screen.getByRole('list', { name: 'Legend' })).toHaveTextContent('modelrouteShared traces');
});

test('empty, filtered to nothing, not a graph, and a failed query: each says so', () => {
  renderPanel([]);
  expect(screen.getByRole('status')).toHaveTextContent('No data');
  renderPanel(graphFrames(), { minStrength: 0.95 });
  // claude (anomalous) stays even with no links.
  expect(screen.getAllByRole('img')).toHaveLength(1);
  renderPanel(graphFrames(), { kinds: ['cost_performance'], minStrength: 0.95 });
  renderPanel(
    [],
    {},
    { state: LoadingState.Error, errors: [{ message: 'Correlations failed: the key may not read' }] },
  );
  expect(screen.getByRole('alert')).toHaveTextContent('Correlations failed: the key may not read');
});

test("drill down by the nodes frame's data links, interpolated for the clicked node", () => {
  const [nodes, edges] = graphFrames();
  nodes!.fields.find((field) => field.name === 'title')!.config.links = [
    { title: 'Requests of ${__value.raw}', url: '/d/llm?var-model=${__value.raw}' },
  ];
  // What Grafana does to a panel's frames: field config applied, links made per row.
  const frames = applyFieldOverrides({
    data: [nodes!, edges!],
    fieldConfig: { defaults: {}, overrides: [] },
    // templateSrv's part: ${__value.raw} is the value of the link's field in the clicked row.
    replaceVariables: (value, scopedVars) => {
      const { field, rowIndex } = (scopedVars?.__dataContext?.value ?? {}) as {
        field?: Field;
        rowIndex?: number;
      };
      return value.replaceAll('${__value.raw}', String(field?.values[rowIndex ?? -1] ?? ''));
    },
    theme: createTheme(),
    timeZone: 'utc',
  });
  renderPanel(frames);
  click(screen.getByRole('img'), screenPositionOf('model:gpt-4o'));
  expect(screen.getByRole('link', { name: 'Requests of gpt-4o' })).toHaveAttribute(
    'href',
    '/d/llm?var-model=gpt-4o',
  );
});

test('from the keyboard: the graph takes focus, Escape clears the selection', async () => {
  renderPanel(graphFrames());
  const canvas = screen.getByRole('img');
  click(canvas, screenPositionOf('model:gpt-4o'));
  expect(screen.getByRole('region', { name: 'Selected: gpt-4o' })).toBeInTheDocument();
  canvas.focus();
  expect(canvas).toHaveFocus();
  await userEvent.keyboard('{ArrowLeft}{+}{Escape}');
  expect(screen.queryByRole('region')).not.toBeInTheDocument();
});
