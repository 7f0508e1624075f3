/**
 * Zoom and pan as one transform from graph coordinates to the canvas: screen = graph × k + (x, y).
 */
export interface Transform {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;

const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The transform that shows `bounds` whole and centred in a width × height canvas, with a margin. */
export function fitTransform(bounds: Bounds, width: number, height: number, margin = 24): Transform {
  const spanX = Math.max(1, bounds.maxX - bounds.minX);
  const spanY = Math.max(1, bounds.maxY - bounds.minY);
  const k = clampZoom(Math.min(2, (width - 2 * margin) / spanX, (height - 2 * margin) / spanY));
  return {
    k,
    x: width / 2 - ((bounds.minX + bounds.maxX) / 2) * k,
    y: height / 2 - ((bounds.minY + bounds.maxY) / 2) * k,
  };
}

/** Zooms by `factor` keeping the point under the cursor (px, py) where it is. */
export function zoomAt(t: Transform, factor: number, px: number, py: number): Transform {
  const k = clampZoom(t.k * factor);
  return { k, x: px - ((px - t.x) * k) / t.k, y: py - ((py - t.y) * k) / t.k };
}

export const panBy = (t: Transform, dx: number, dy: number): Transform => ({
  ...t,
  x: t.x + dx,
  y: t.y + dy,
});

export const toGraph = (t: Transform, px: number, py: number) => ({
  x: (px - t.x) / t.k,
  y: (py - t.y) / t.k,
});
