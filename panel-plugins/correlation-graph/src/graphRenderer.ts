/**
 * Draws the graph onto the panel's canvas through a bitmap of it half a view larger on every side:
 * a pan only moves the bitmap (one drawImage), and the graph is drawn again only when the pan goes
 * past that margin, or the scene, zoom, size or highlight change. Drawing 2,000 links takes tens of
 * milliseconds where the canvas is rendered by the CPU; moving a bitmap takes about one.
 */
import { drawGraph, drawHovered, type Scene, type View } from './drawGraph';

export class GraphRenderer {
  private readonly cache: HTMLCanvasElement;
  private drawn?: { scene: Scene; view: View };

  constructor(private readonly target: HTMLCanvasElement) {
    this.cache = target.ownerDocument.createElement('canvas');
  }

  /** The next draw redraws the graph (after a pan ends, so the following one starts centred). */
  recentre() {
    this.drawn = undefined;
  }

  draw(scene: Scene, view: View) {
    const marginX = Math.round(view.width / 2);
    const marginY = Math.round(view.height / 2);
    const before = this.drawn;
    const dx = before ? view.transform.x - before.view.transform.x : 0;
    const dy = before ? view.transform.y - before.view.transform.y : 0;
    const reusable =
      before !== undefined &&
      before.scene === scene &&
      before.view.transform.k === view.transform.k &&
      before.view.highlight === view.highlight &&
      before.view.width === view.width &&
      before.view.height === view.height &&
      before.view.pixelRatio === view.pixelRatio &&
      Math.abs(dx) <= marginX &&
      Math.abs(dy) <= marginY;
    const ratio = view.pixelRatio;
    if (!reusable) {
      this.cache.width = Math.round((view.width + 2 * marginX) * ratio);
      this.cache.height = Math.round((view.height + 2 * marginY) * ratio);
      const context = this.cache.getContext('2d');
      if (!context) return;
      const shifted = { ...view.transform, x: view.transform.x + marginX, y: view.transform.y + marginY };
      drawGraph(context, scene, {
        ...view,
        transform: shifted,
        width: view.width + 2 * marginX,
        height: view.height + 2 * marginY,
        hovered: undefined,
      });
      this.drawn = { scene, view };
    }
    const context = this.target.getContext('2d');
    if (!context) return;
    const offsetX = reusable ? dx : 0;
    const offsetY = reusable ? dy : 0;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.target.width, this.target.height);
    context.drawImage(
      this.cache,
      Math.round((offsetX - marginX) * ratio),
      Math.round((offsetY - marginY) * ratio),
    );
    drawHovered(context, scene, view);
  }
}
