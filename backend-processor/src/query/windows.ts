/**
 * Windows: the bucket boundaries of a time series in a time zone, and the window `auto` picks.
 *
 * Two kinds of window, so that every bucket means what a reader of the chart expects:
 * - clock windows (1m, 5m, 15m, 1h) last exactly their width and start where the local clock reads
 *   a multiple of it; at a DST change the offset changes by whole hours, so they stay uniform, and
 *   the hour repeated at a fall-back is a bucket of its own rather than a 2-hour one;
 * - calendar windows (6h, 1d, 1w, 1M) start at local 00:00/06:00/12:00/18:00, at local midnight, on
 *   Monday (ISO weeks, as PostgreSQL's date_trunc) and on the 1st; across a DST change they last an
 *   hour more or less, as the local day does.
 * Boundaries are instants (ms since the epoch), rounded down to whole minutes: rollups have no
 * finer grain (only historic zone offsets with seconds would be affected).
 */
import { WINDOWS, type Window } from '@llm-hub/query-contract';
import { QueryError } from './errors';
import { ZoneClock } from './timeZones';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Typical bucket length: what `auto` compares with range / maxPoints. */
export const NOMINAL_MS: Record<Window, number> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '1d': DAY_MS,
  '1w': 7 * DAY_MS,
  '1M': 30 * DAY_MS,
};

/** Longest a bucket can last (DST adds an hour to calendar buckets), to bound counts before building them. */
const LONGEST_MS: Record<Window, number> = {
  ...NOMINAL_MS,
  '6h': 7 * HOUR_MS,
  '1d': 25 * HOUR_MS,
  '1w': 7 * DAY_MS + HOUR_MS,
  '1M': 31 * DAY_MS + HOUR_MS,
};

const CLOCK_WINDOWS: ReadonlySet<Window> = new Set(['1m', '5m', '15m', '1h']);

export const DEFAULT_MAX_POINTS = 1000;

export interface Buckets {
  window: Window;
  /** Bucket starts followed by the end of the last bucket: n + 1 instants for n buckets. */
  boundaries: number[];
}

/**
 * The buckets of `window` that overlap [from, to): the first holds `from`, the last starts before
 * `to` (and may end after it).
 */
export function bucketBoundaries(window: Window, from: number, to: number, timeZone: string): number[] {
  // Offsets over the whole span any bucket could reach.
  const margin = LONGEST_MS[window] + DAY_MS;
  const clock = ZoneClock.over(timeZone, from - margin, to + margin);
  const raw = CLOCK_WINDOWS.has(window)
    ? clockBoundaries(NOMINAL_MS[window], from, to, clock)
    : calendarBoundaries(window, from, to, clock);
  const boundaries: number[] = [];
  for (const instant of raw) {
    const minute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
    if (boundaries.length === 0 || minute > boundaries[boundaries.length - 1]!) boundaries.push(minute);
  }
  // Keep the last start at or before `from` and the first boundary at or after `to`.
  let first = 0;
  while (first + 1 < boundaries.length && boundaries[first + 1]! <= from) first++;
  let last = first + 1;
  while (last < boundaries.length - 1 && boundaries[last]! < to) last++;
  return boundaries.slice(first, last + 1);
}

/** Local multiples of `width` in each offset segment, and the transitions themselves. */
function clockBoundaries(width: number, from: number, to: number, clock: ZoneClock): number[] {
  const low = from - width;
  const high = to + width;
  const segments = clock.segments;
  const out: number[] = [];
  segments.forEach((segment, i) => {
    const end = Math.min(segments[i + 1]?.start ?? Infinity, high + 1);
    const start = Math.max(segment.start, low);
    if (start >= end) return;
    if (i > 0 && segment.start >= low) out.push(segment.start);
    const firstLocal = Math.ceil((start + segment.offset) / width) * width;
    for (let instant = firstLocal - segment.offset; instant < end; instant += width) out.push(instant);
  });
  return out.sort((a, b) => a - b);
}

function calendarBoundaries(window: Window, from: number, to: number, clock: ZoneClock): number[] {
  const out: number[] = [];
  let local = floorLocal(window, clock.local(from));
  for (;;) {
    const instant = clock.firstInstantAt(local);
    out.push(instant);
    if (instant >= to) return out;
    local = nextLocal(window, local);
  }
}

/** Start of the calendar bucket holding the local time `local`. */
function floorLocal(window: Window, local: number): number {
  const day = Math.floor(local / DAY_MS) * DAY_MS;
  switch (window) {
    case '6h':
      return Math.floor(local / (6 * HOUR_MS)) * 6 * HOUR_MS;
    case '1d':
      return day;
    case '1w':
      return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
    case '1M': {
      const date = new Date(day);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    }
    default:
      throw new Error(`${window} is not a calendar window`);
  }
}

function nextLocal(window: Window, local: number): number {
  if (window === '1M') {
    const date = new Date(local);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return local + NOMINAL_MS[window];
}

/** Buckets of `window` if they number at most `maxPoints`, else null (without building huge lists). */
function bucketsWithin(
  window: Window,
  range: { from: number; to: number },
  timeZone: string,
  maxPoints: number,
): Buckets | null {
  // Even the longest buckets would give more points than allowed.
  if (Math.floor((range.to - range.from) / LONGEST_MS[window]) > maxPoints) return null;
  const boundaries = bucketBoundaries(window, range.from, range.to, timeZone);
  return boundaries.length - 1 <= maxPoints ? { window, boundaries } : null;
}

/**
 * The buckets of the requested window, or for `auto` of the smallest window giving at most
 * `maxPoints` buckets. A window giving more answers 400 with the smallest one that would not.
 */
export function resolveBuckets(
  requested: Window | 'auto',
  range: { from: number; to: number },
  timeZone: string,
  maxPoints: number,
): Buckets {
  if (requested !== 'auto') {
    const buckets = bucketsWithin(requested, range, timeZone, maxPoints);
    if (buckets) return buckets;
  }
  const start = requested === 'auto' ? 0 : WINDOWS.indexOf(requested) + 1;
  for (const window of WINDOWS.slice(start)) {
    if (requested === 'auto' && NOMINAL_MS[window] * maxPoints < range.to - range.from) continue;
    const buckets = bucketsWithin(window, range, timeZone, maxPoints);
    if (!buckets) continue;
    if (requested === 'auto') return buckets;
    throw new QueryError(
      `window: "${requested}" gives more than maxPoints (${maxPoints}) buckets over this range: ` +
        `use "${window}" or wider, "auto", or a larger maxPoints (at most 11000)`,
    );
  }
  throw new QueryError(
    `maxPoints: even "1M" gives more than ${maxPoints} buckets over this range: shorten the range or raise maxPoints`,
  );
}
