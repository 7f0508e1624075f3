/**
 * Draws the graph on a 2D canvas in screen coordinates (so lines keep their width at any zoom):
 * links under nodes, arrows on directed links, a red arc on each node for its anomalous share, and
 * labels. With a neighbourhood highlighted, everything outside it is faded. Canvas rather than SVG:
 * 2,000 links redraw in a few milliseconds on every pan step.
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
/** Auto labels: every node in a graph this small; in larger ones, big, highlighted and hovered nodes. */
const AUTO_LABEL_ALL = 60;

export const edgeWidth = (edge: GraphEdge) => 0.75 + 3.25 * edge.strength;

function drawArrow(
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
  ctx.beginPath();
  ctx.moveTo(tipX, tipY);
  ctx.lineTo(tipX - size * Math.cos(angle - 0.45), tipY - size * Math.sin(angle - 0.45));
  ctx.lineTo(tipX - size * Math.cos(angle + 0.45), tipY - size * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}

export function drawGraph(ctx: CanvasRenderingContext2D, scene: Scene, view: View) {
  const { transform: t, highlight } = view;
  ctx.setTransform(view.pixelRatio, 0, 0, view.pixelRatio, 0, 0);
  ctx.clearRect(0, 0, view.width, view.height);
  const sx = (node: PlacedNode) => node.x * t.k + t.x;
  const sy = (node: PlacedNode) => node.y * t.k + t.y;
  const radius = (node: PlacedNode) => Math.max(2, node.radius * Math.min(t.k, 2));

  for (const edge of scene.edges) {
    const a = scene.positions.get(edge.source);
    const b = scene.positions.get(edge.target);
    const style = scene.edgeStyles.get(edge.kind);
    if (!a || !b || !style) continue;
    ctx.globalAlpha = highlight && !highlight.edges.has(edge.id) ? FADED : 0.8;
    ctx.strokeStyle = style.color;
    ctx.fillStyle = style.color;
    ctx.lineWidth = edgeWidth(edge);
    ctx.setLineDash(style.dash);
    ctx.beginPath();
    if (a === b) {
      // A node linked to itself: a small loop above it.
      ctx.arc(sx(a), sy(a) - radius(a) - 5, 5, 0, 2 * Math.PI);
      ctx.stroke();
      continue;
    }
    ctx.moveTo(sx(a), sy(a));
    ctx.lineTo(sx(b), sy(b));
    ctx.stroke();
    if (style.directed) drawArrow(ctx, sx(a), sy(a), sx(b), sy(b), radius(b) + 2, 5 + 2 * edgeWidth(edge));
  }
  ctx.setLineDash([]);

  ctx.font = scene.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const node of scene.nodes) {
    const placed = scene.positions.get(node.id);
    if (!placed) continue;
    const x = sx(placed);
    const y = sy(placed);
    const r = radius(placed);
    if (x < -r - 80 || x > view.width + r + 80 || y < -r - 40 || y > view.height + r + 40) continue;
    const inFocus = !highlight || highlight.nodes.has(node.id);
    ctx.globalAlpha = inFocus ? 1 : FADED;
    ctx.fillStyle = scene.nodeColors.get(node.id) ?? scene.colors.text;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = node.id === view.hovered ? scene.colors.hover : scene.colors.background;
    ctx.stroke();
    if (node.anomalous > 0) {
      ctx.strokeStyle = scene.colors.anomaly;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(x, y, r + 3, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * Math.min(1, node.anomalous));
      ctx.stroke();
    }
    const labelled =
      scene.labels === 'always' ||
      (scene.labels === 'auto' &&
        (scene.nodes.length <= AUTO_LABEL_ALL ||
          r >= 12 ||
          t.k >= 1.5 ||
          (highlight !== undefined && inFocus) ||
          node.id === view.hovered));
    if (labelled) {
      ctx.fillStyle = scene.colors.text;
      ctx.fillText(node.title, x, y + r + 4);
    }
  }
  ctx.globalAlpha = 1;
}
