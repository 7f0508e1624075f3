/**
 * Draws the graph on a 2D canvas in screen coordinates (so lines keep their width at any zoom):
 * links under nodes, arrows on directed links, a red arc on each node for its anomalous share, and
 * labels. With a neighbourhood highlighted, everything outside it is faded. Canvas rather than SVG;
 * links grouped by look (kind, width step, fading) and nodes by colour, so the canvas state changes
 * a few dozen times a frame, not thousands. graphRenderer.ts keeps the result for panning.
 */
import type { GraphEdge, GraphNode } from './graphData';
import type { KindStyle } from './graphStyle';
import type { PlacedNode } from './layout';
import type { Neighbourhood } from './neighbourhood';
import type { LabelMode } from './types';
import type { Transform } from './viewport';

export interface Scene {
  nodes: GraphNode[];
  edges: GraphEdge[];
  positions: Map<string, PlacedNode>;
  nodeColors: Map<string, string>;
  edgeStyles: Map<string, KindStyle>;
  labels: LabelMode;
  colors: { text: string; background: string; anomaly: string; hover: string };
  font: string;
}

export interface View {
  transform: Transform;
  width: number;
  height: number;
  pixelRatio: number;
  highlight?: Neighbourhood;
  hovered?: string;
}

const FADED = 0.12;
const LABEL_GAP = 4;
/** A label's height with the small font, and a little air. */
const LABEL_HEIGHT = 16;
/** Link widths come in this many steps, so links batch into few paths. */
const WIDTH_STEPS = 4;

const widthStep = (edge: GraphEdge) => Math.round(edge.strength * (WIDTH_STEPS - 1));
/** Stroke width by strength: 0.75 px for the weakest links to 4 px for the strongest. */
export const edgeWidth = (edge: GraphEdge) => 0.75 + (3.25 * widthStep(edge)) / (WIDTH_STEPS - 1);

interface Batch {
  style: KindStyle;
  width: number;
  alpha: number;
  /** x1, y1, x2, y2 of each line; x, y, gap of each arrow tip; x, y of each self-loop. */
  lines: number[];
  arrows: number[];
  loops: number[];
}

function addArrow(
  ctx: CanvasRenderingContext2D,
  fromX: number,
  fromY: number,
  toX: number,
  toY: number,
  gap: number,
  size: number,
) {
  const angle = Math.atan2(toY - fromY, toX - fromX);
  const tipX = toX - Math.cos(angle) * gap;
  const tipY = toY - Math.sin(angle) * gap;
  ctx.moveTo(tipX, tipY);
  ctx.lineTo(tipX - size * Math.cos(angle - 0.45), tipY - size * Math.sin(angle - 0.45));
  ctx.lineTo(tipX - size * Math.cos(angle + 0.45), tipY - size * Math.sin(angle + 0.45));
  ctx.closePath();
}

function drawLinks(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  view: View,
  at: (id: string) => { x: number; y: number; r: number } | undefined,
) {
  const batches = new Map<string, Batch>();
  for (const edge of scene.edges) {
    const a = at(edge.source);
    const b = at(edge.target);
    const style = scene.edgeStyles.get(edge.kind);
    if (!a || !b || !style) continue;
    const faded = view.highlight !== undefined && !view.highlight.edges.has(edge.id);
    const key = `${edge.kind}|${widthStep(edge)}|${faded}`;
    let batch = batches.get(key);
    if (!batch) {
      batch = { style, width: edgeWidth(edge), alpha: faded ? FADED : 0.8, lines: [], arrows: [], loops: [] };
      batches.set(key, batch);
    }
    if (a === b) {
      batch.loops.push(a.x, a.y - a.r - 5);
      continue;
    }
    batch.lines.push(a.x, a.y, b.x, b.y);
    if (style.directed) batch.arrows.push(a.x, a.y, b.x, b.y, b.r + 2);
  }
  for (const batch of batches.values()) {
    ctx.globalAlpha = batch.alpha;
    ctx.strokeStyle = batch.style.color;
    ctx.fillStyle = batch.style.color;
    ctx.lineWidth = batch.width;
    ctx.setLineDash(batch.style.dash);
    // One stroke a line: a software-rendered canvas strokes one long path of crossing lines slower.
    for (let i = 0; i < batch.lines.length; i += 4) {
      ctx.beginPath();
      ctx.moveTo(batch.lines[i]!, batch.lines[i + 1]!);
      ctx.lineTo(batch.lines[i + 2]!, batch.lines[i + 3]!);
      ctx.stroke();
    }
    ctx.beginPath();
    // A node linked to itself: a small loop above it.
    for (let i = 0; i < batch.loops.length; i += 2) {
      ctx.moveTo(batch.loops[i]! + 5, batch.loops[i + 1]!);
      ctx.arc(batch.loops[i]!, batch.loops[i + 1]!, 5, 0, 2 * Math.PI);
    }
    ctx.stroke();
    if (batch.arrows.length === 0) continue;
    ctx.beginPath();
    const size = 5 + 2 * batch.width;
    for (let i = 0; i < batch.arrows.length; i += 5) {
      const a = batch.arrows;
      addArrow(ctx, a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, size);
    }
    ctx.fill();
  }
  ctx.setLineDash([]);
}

function drawNodes(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  view: View,
  at: (id: string) => { x: number; y: number; r: number } | undefined,
) {
  const { highlight } = view;
  const visible = scene.nodes.flatMap((node) => {
    const p = at(node.id);
    if (
      !p ||
      p.x < -p.r - 80 ||
      p.x > view.width + p.r + 80 ||
      p.y < -p.r - 40 ||
      p.y > view.height + p.r + 40
    )
      return [];
    return [{ node, ...p, inFocus: !highlight || highlight.nodes.has(node.id) }];
  });
  for (const inFocus of [false, true]) {
    const group = visible.filter((v) => v.inFocus === inFocus);
    if (group.length === 0) continue;
    ctx.globalAlpha = inFocus ? 1 : FADED;
    // Fills by colour, then one ring path, then one path of anomaly arcs.
    const byColor = new Map<string, typeof group>();
    for (const v of group) {
      const color = scene.nodeColors.get(v.node.id) ?? scene.colors.text;
      byColor.set(color, [...(byColor.get(color) ?? []), v]);
    }
    for (const [color, nodes] of byColor) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (const v of nodes) {
        ctx.moveTo(v.x + v.r, v.y);
        ctx.arc(v.x, v.y, v.r, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = scene.colors.background;
    ctx.beginPath();
    for (const v of group) {
      ctx.moveTo(v.x + v.r, v.y);
      ctx.arc(v.x, v.y, v.r, 0, 2 * Math.PI);
    }
    ctx.stroke();
    ctx.strokeStyle = scene.colors.anomaly;
    ctx.lineWidth = 3;
    ctx.beginPath();
    for (const v of group) {
      if (v.node.anomalous <= 0) continue;
      const end = -Math.PI / 2 + 2 * Math.PI * Math.min(1, v.node.anomalous);
      ctx.moveTo(v.x, v.y - v.r - 3);
      ctx.arc(v.x, v.y, v.r + 3, -Math.PI / 2, end);
    }
    ctx.stroke();
  }
  ctx.font = scene.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = scene.colors.text;
  for (const v of labelled(ctx, scene.labels, visible, highlight !== undefined)) {
    ctx.globalAlpha = v.inFocus ? 1 : FADED;
    ctx.fillText(v.node.title, v.x, v.y + v.r + LABEL_GAP);
  }
}

type Visible = { node: GraphNode; x: number; y: number; r: number; inFocus: boolean };

/**
 * The nodes to label. Auto: as many as fit without overlapping, the highlighted ones first, then
 * the anomalous, then the largest; at a glance the graph says what its main nodes are, and zooming
 * in makes room for the rest.
 */
function labelled(
  ctx: CanvasRenderingContext2D,
  mode: LabelMode,
  visible: Visible[],
  highlighting: boolean,
): Visible[] {
  if (mode !== 'auto') return mode === 'always' ? visible : [];
  const priority = (v: Visible) =>
    (highlighting && v.inFocus ? 4 : 0) + (v.node.anomalous > 0 ? 2 : 0) + v.r / 100;
  const placed: Array<[number, number, number, number]> = [];
  const chosen: Visible[] = [];
  for (const v of [...visible].sort((a, b) => priority(b) - priority(a))) {
    if (highlighting && !v.inFocus) continue;
    const width = ctx.measureText(v.node.title).width;
    const box: [number, number, number, number] = [
      v.x - width / 2,
      v.y + v.r + LABEL_GAP,
      v.x + width / 2,
      v.y + v.r + LABEL_GAP + LABEL_HEIGHT,
    ];
    if (placed.some(([x1, y1, x2, y2]) => box[0] < x2 && box[2] > x1 && box[1] < y2 && box[3] > y1)) continue;
    placed.push(box);
    chosen.push(v);
  }
  return chosen;
}

/** Where a node is drawn in `view`, and how big. */
function screenOf(node: PlacedNode, t: View['transform']) {
  return { x: node.x * t.k + t.x, y: node.y * t.k + t.y, r: Math.max(2, node.radius * Math.min(t.k, 2)) };
}

/** The ring and label of the node under the cursor, over what is drawn. */
export function drawHovered(ctx: CanvasRenderingContext2D, scene: Scene, view: View) {
  const node = view.hovered ? scene.positions.get(view.hovered) : undefined;
  if (!node) return;
  const { x, y, r } = screenOf(node, view.transform);
  ctx.setTransform(view.pixelRatio, 0, 0, view.pixelRatio, 0, 0);
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2;
  ctx.strokeStyle = scene.colors.hover;
  ctx.beginPath();
  ctx.arc(x, y, r + 1, 0, 2 * Math.PI);
  ctx.stroke();
  // The label on a chip of the background, over whatever label the graph has there.
  const title = scene.nodes.find((candidate) => candidate.id === node.id)?.title ?? node.id;
  ctx.font = scene.font;
  const width = ctx.measureText(title).width;
  ctx.fillStyle = scene.colors.background;
  ctx.fillRect(x - width / 2 - 3, y + r + LABEL_GAP - 2, width + 6, LABEL_HEIGHT);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = scene.colors.text;
  ctx.fillText(title, x, y + r + LABEL_GAP);
}

export function drawGraph(ctx: CanvasRenderingContext2D, scene: Scene, view: View) {
  ctx.setTransform(view.pixelRatio, 0, 0, view.pixelRatio, 0, 0);
  ctx.clearRect(0, 0, view.width, view.height);
  // Screen positions and radii, once a frame.
  const screen = new Map<string, { x: number; y: number; r: number }>();
  for (const [id, node] of scene.positions) screen.set(id, screenOf(node, view.transform));
  const at = (id: string) => screen.get(id);
  drawLinks(ctx, scene, view, at);
  drawNodes(ctx, scene, view, at);
  ctx.globalAlpha = 1;
}
