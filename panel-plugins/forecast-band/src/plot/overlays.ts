/**
 * What the chart draws over the series, on uPlot's canvas after each redraw: anomaly markers (a
 * triangle on the time axis in the severity's colour, a faint line up the plot, a bar along the
 * bottom for as long as the anomaly lasted), the budget or threshold line, and a "now" marker.
 */
import type { GrafanaTheme2 } from '@grafana/data';
import type { UPlotConfigBuilder } from '@grafana/ui';
import type uPlot from 'uplot';
import { SEVERITY_COLORS, type AnomalyMarker } from '../anomalyMarkers';

export interface Overlays {
  markers: AnomalyMarker[];
  threshold?: { value: number; label: string };
  now?: number;
  theme: GrafanaTheme2;
  formatValue: (value: number) => string;
}

const MARKER_SIZE = 6;
/** A budget is a line not to cross. */
export const THRESHOLD_COLOR = 'red';

function drawMarkers(u: uPlot, { markers, theme }: Overlays, ratio: number) {
  const { ctx, bbox } = u;
  const bottom = bbox.top + bbox.height;
  for (const marker of markers) {
    const x = u.valToPos(marker.time, 'x', true);
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    const color = theme.visualization.getColorByName(SEVERITY_COLORS[marker.severity]);
    ctx.globalAlpha = 0.35;
    ctx.strokeStyle = color;
    ctx.lineWidth = ratio;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.globalAlpha = 1;
    if (marker.timeEnd && marker.timeEnd > marker.time) {
      const end = Math.min(u.valToPos(marker.timeEnd, 'x', true), bbox.left + bbox.width);
      ctx.fillStyle = color;
      ctx.fillRect(x, bottom - 3 * ratio, Math.max(end - x, ratio), 3 * ratio);
    }
    const size = MARKER_SIZE * ratio;
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.moveTo(x, bottom - size * 1.6);
    ctx.lineTo(x - size, bottom);
    ctx.lineTo(x + size, bottom);
    ctx.closePath();
    ctx.fill();
  }
}

function drawThreshold(u: uPlot, { threshold, theme, formatValue }: Overlays, ratio: number) {
  if (!threshold) return;
  const { ctx, bbox } = u;
  const y = u.valToPos(threshold.value, 'y', true);
  if (y < bbox.top || y > bbox.top + bbox.height) return;
  const color = theme.visualization.getColorByName(THRESHOLD_COLOR);
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * ratio;
  ctx.setLineDash([6 * ratio, 4 * ratio]);
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = color;
  ctx.textAlign = 'right';
  // Above the line, or below it when the line runs along the top of the plot.
  const above = y - bbox.top > 16 * ratio;
  ctx.textBaseline = above ? 'bottom' : 'top';
  const label = `${threshold.label} ${formatValue(threshold.value)}`;
  ctx.fillText(label, bbox.left + bbox.width - 4 * ratio, above ? y - 3 * ratio : y + 3 * ratio);
}

function drawNow(u: uPlot, { now, theme }: Overlays, ratio: number) {
  if (now === undefined) return;
  const { ctx, bbox } = u;
  const x = u.valToPos(now, 'x', true);
  if (x < bbox.left || x > bbox.left + bbox.width) return;
  ctx.strokeStyle = theme.colors.text.secondary;
  ctx.lineWidth = ratio;
  ctx.setLineDash([2 * ratio, 3 * ratio]);
  ctx.beginPath();
  ctx.moveTo(x, bbox.top);
  ctx.lineTo(x, bbox.top + bbox.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = theme.colors.text.secondary;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText('now', x + 4 * ratio, bbox.top + 2 * ratio);
}

export function addOverlays(builder: UPlotConfigBuilder, overlays: Overlays) {
  builder.addHook('draw', (u: uPlot) => {
    // Canvas pixels per CSS pixel (the device pixel ratio uPlot drew with).
    const ratio = u.ctx.canvas.width / Math.max(1, u.width);
    u.ctx.save();
    u.ctx.font = `${12 * ratio}px ${overlays.theme.typography.fontFamily}`;
    drawNow(u, overlays, ratio);
    drawThreshold(u, overlays, ratio);
    drawMarkers(u, overlays, ratio);
    u.ctx.restore();
  });
}
