/**
 * Time-zone arithmetic for bucket boundaries, from the IANA database the platform ships (Intl).
 *
 * Bucket boundaries are computed here rather than in SQL so that they are exact instants the
 * query only compares against (no dependence on the database's own tz data or on how it resolves
 * ambiguous local times), and so that which rollup tier can serve them is a plain alignment check.
 *
 * "Local" times are wall-clock readings encoded as the UTC milliseconds of the same fields
 * (local = instant + offset), so calendar arithmetic on them can use the Date UTC methods.
 */
import { QueryError } from './errors';

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's name if the platform knows it; a 400 naming the field otherwise. */
export function checkTimeZone(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    throw new QueryError(
      `timeZone: "${timeZone}" is not a known IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`,
    );
  }
}

/** UTC offset (ms) of `timeZone` at `instant`. */
export function offsetAt(timeZone: string, instant: number): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type === 'era') bc = part.value === 'BC';
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - fields.year! : fields.year!;
  const wall = new Date(0);
  wall.setUTCFullYear(year, fields.month! - 1, fields.day!);
  wall.setUTCHours(fields.hour!, fields.minute!, fields.second!, 0);
  // Intl answers to the second: compare with the instant truncated to its second.
  return wall.getTime() - (instant - (((instant % 1000) + 1000) % 1000));
}

/** A stretch of time with one UTC offset: from `start` (inclusive) to the next segment's start. */
export interface OffsetSegment {
  start: number;
  offset: number;
}

/**
 * The offsets of `timeZone` over [from, to): the first segment starts at `from`, each next one at
 * a transition. Sampled daily and each change located to the second by bisection: a zone that
 * changed its offset and back within one day would be missed (the tz database has none).
 */
export function offsetSegments(timeZone: string, from: number, to: number): OffsetSegment[] {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return [{ start: from, offset: 0 }];
  const segments: OffsetSegment[] = [{ start: from, offset: offsetAt(timeZone, from) }];
  // Whole seconds: the offset is known to be the last segment's up to `known`.
  let known = Math.floor(from / 1000);
  const end = Math.ceil(to / 1000);
  while (known < end) {
    const current = segments[segments.length - 1]!.offset;
    const probe = Math.min(known + DAY_MS / 1000, end);
    if (offsetAt(timeZone, probe * 1000) === current) {
      known = probe;
      continue;
    }
    // The first second with another offset, in (known, probe].
    let low = known;
    let high = probe;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offsetAt(timeZone, middle * 1000) === current) low = middle;
      else high = middle;
    }
    segments.push({ start: high * 1000, offset: offsetAt(timeZone, high * 1000) });
    known = high;
  }
  return segments;
}

/** Converts between instants and local wall-clock times over a precomputed span. */
export class ZoneClock {
  private constructor(readonly segments: readonly OffsetSegment[]) {}

  /** Offsets over [from, to); instants outside use the nearest segment's offset. */
  static over(timeZone: string, from: number, to: number): ZoneClock {
    return new ZoneClock(offsetSegments(timeZone, from, to));
  }

  /** Index of the segment holding `instant`. */
  private segmentOf(instant: number): number {
    let index = 0;
    while (index + 1 < this.segments.length && this.segments[index + 1]!.start <= instant) index++;
    return index;
  }

  offset(instant: number): number {
    return this.segments[this.segmentOf(instant)]!.offset;
  }

  local(instant: number): number {
    return instant + this.offset(instant);
  }

  /**
   * The earliest instant whose wall clock reads `local` or later: the start of a local day, week,
   * month or quarter-day. A local time skipped by a spring-forward gives the transition instant;
   * one repeated by a fall-back gives its first occurrence.
   */
  firstInstantAt(local: number): number {
    for (let i = 0; i < this.segments.length; i++) {
      const segment = this.segments[i]!;
      const next = this.segments[i + 1];
      // The latest wall-clock reading in this segment is just below (next.start + offset).
      if (next === undefined || next.start + segment.offset > local) {
        return Math.max(i === 0 ? -Infinity : segment.start, local - segment.offset);
      }
    }
    throw new Error('unreachable: the last segment is open-ended');
  }
}
