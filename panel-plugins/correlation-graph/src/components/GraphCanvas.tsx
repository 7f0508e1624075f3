/**
 * The canvas and its interaction: drag to pan, wheel (or the buttons) to zoom around the cursor,
 * hover for a tooltip, click a node to select it (click the background to clear); from the
 * keyboard, arrows pan, + and - zoom, 0 fits and Escape clears. Pan and zoom
 * redraw in the next animation frame without re-rendering React.
 */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { IconButton, useStyles2 } from '@grafana/ui';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import type { Scene } from '../drawGraph';
import { GraphRenderer } from '../graphRenderer';
import type { GraphEdge, GraphNode } from '../graphData';
import { boundsOf } from '../graphScene';
import { edgeAt, nodeAt } from '../hitTest';
import type { Layout } from '../layout';
import type { Neighbourhood } from '../neighbourhood';
import { fitTransform, panBy, toGraph, zoomAt, type Transform } from '../viewport';

export type Hovered = { node: GraphNode; x: number; y: number } | { edge: GraphEdge; x: number; y: number };

interface Props {
  scene: Scene;
  layout: Layout;
  width: number;
  height: number;
  highlight?: Neighbourhood;
  onSelect: (node: GraphNode | undefined) => void;
  onHover: (hovered: Hovered | undefined) => void;
}

/** A press that moves less than this is a click, not a drag. */
const CLICK_SLOP_PX = 4;
const ZOOM_STEP = 1.25;
const KEY_PAN_PX = 40;

export function GraphCanvas({ scene, layout, width, height, highlight, onSelect, onHover }: Props) {
  const styles = useStyles2(getStyles);
  const canvas = useRef<HTMLCanvasElement>(null);
  const transform = useRef<Transform>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ x: number; y: number; moved: number } | undefined>(undefined);
  const frame = useRef(0);
  const [hoveredId, setHoveredId] = useState<string>();
  const pixelRatio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;

  const renderer = useRef<GraphRenderer>(undefined);
  const draw = useCallback(() => {
    if (!canvas.current) return;
    renderer.current ??= new GraphRenderer(canvas.current);
    renderer.current.draw(scene, {
      transform: transform.current,
      width,
      height,
      pixelRatio,
      highlight,
      hovered: hoveredId,
    });
  }, [scene, width, height, pixelRatio, highlight, hoveredId]);

  const requestDraw = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(draw);
  }, [draw]);

  // A new layout or panel size: fit the graph, drawn before the browser paints.
  useLayoutEffect(() => {
    transform.current = fitTransform(boundsOf(layout), width, height);
  }, [layout, width, height]);
  useLayoutEffect(draw, [draw]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const zoom = useCallback(
    (factor: number, x = width / 2, y = height / 2) => {
      transform.current = zoomAt(transform.current, factor, x, y);
      requestDraw();
    },
    [width, height, requestDraw],
  );

  // React's wheel listener is passive: this one may stop the page from scrolling.
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      zoom(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoom]);

  const pointer = (event: PointerEvent) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    return { x, y, graph: toGraph(transform.current, x, y) };
  };
  const nodes = [...layout.positions.values()];
  const hit = (event: PointerEvent): Hovered | undefined => {
    const { x, y, graph } = pointer(event);
    const placed = nodeAt(nodes, graph.x, graph.y, 3 / transform.current.k);
    const node = placed && scene.nodes.find((candidate) => candidate.id === placed.id);
    if (node) return { node, x, y };
    const edge = edgeAt(scene.edges, layout.positions, graph.x, graph.y, 4 / transform.current.k);
    return edge ? { edge, x, y } : undefined;
  };

  return (
    <div className={styles.wrapper} style={{ width, height }}>
      <canvas
        ref={canvas}
        className={styles.canvas}
        width={Math.round(width * pixelRatio)}
        height={Math.round(height * pixelRatio)}
        style={{ width, height, cursor: hoveredId ? 'pointer' : 'grab' }}
        role="img"
        aria-label={`Correlation graph: ${scene.nodes.length} nodes, ${scene.edges.length} links`}
        aria-description="Arrow keys pan, + and - zoom, 0 fits the graph, Escape clears the selection"
        tabIndex={0}
        onKeyDown={(event) => {
          const step = KEY_PAN_PX;
          const pans: Record<string, [number, number]> = {
            ArrowLeft: [step, 0],
            ArrowRight: [-step, 0],
            ArrowUp: [0, step],
            ArrowDown: [0, -step],
          };
          const pan = pans[event.key];
          if (pan) transform.current = panBy(transform.current, ...pan);
          else if (event.key === '+' || event.key === '=')
            transform.current = zoomAt(transform.current, ZOOM_STEP, width / 2, height / 2);
          else if (event.key === '-')
            transform.current = zoomAt(transform.current, 1 / ZOOM_STEP, width / 2, height / 2);
          else if (event.key === '0') transform.current = fitTransform(boundsOf(layout), width, height);
          else if (event.key === 'Escape') onSelect(undefined);
          else return;
          event.preventDefault();
          requestDraw();
        }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture?.(event.pointerId);
          drag.current = { x: event.clientX, y: event.clientY, moved: 0 };
        }}
        onPointerMove={(event) => {
          const pressed = drag.current;
          if (pressed) {
            const dx = event.clientX - pressed.x;
            const dy = event.clientY - pressed.y;
            drag.current = {
              x: event.clientX,
              y: event.clientY,
              moved: pressed.moved + Math.abs(dx) + Math.abs(dy),
            };
            if (drag.current.moved > CLICK_SLOP_PX) {
              transform.current = panBy(transform.current, dx, dy);
              onHover(undefined);
              requestDraw();
            }
            return;
          }
          const found = hit(event);
          const id = found && 'node' in found ? found.node.id : undefined;
          if (id !== hoveredId) setHoveredId(id);
          onHover(found);
        }}
        onPointerUp={(event) => {
          const pressed = drag.current;
          drag.current = undefined;
          if (pressed && pressed.moved > CLICK_SLOP_PX) {
            // The pan is over: draw the graph again around where it ended up.
            renderer.current?.recentre();
            requestDraw();
          }
          if (!pressed || pressed.moved > CLICK_SLOP_PX) return;
          const found = hit(event);
          onSelect(found && 'node' in found ? found.node : undefined);
        }}
        onPointerLeave={() => {
          setHoveredId(undefined);
          onHover(undefined);
        }}
      />
      <div className={styles.zoom}>
        <IconButton name="plus" tooltip="Zoom in" onClick={() => zoom(ZOOM_STEP)} />
        <IconButton name="minus" tooltip="Zoom out" onClick={() => zoom(1 / ZOOM_STEP)} />
        <IconButton
          name="capture"
          tooltip="Fit the graph"
          onClick={() => {
            transform.current = fitTransform(boundsOf(layout), width, height);
            requestDraw();
          }}
        />
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', overflow: 'hidden' }),
  canvas: css({ display: 'block', touchAction: 'none' }),
  zoom: css({
    position: 'absolute',
    left: theme.spacing(1),
    top: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.5),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z1,
  }),
});
