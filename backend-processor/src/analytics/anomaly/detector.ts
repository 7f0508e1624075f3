/**
 * A causal anomaly detector for one regularly spaced series (a rollup series, or a CSV column).
 *
 * Each point is compared with what the past alone predicts: the recent level (median of the last
 * hour or so of ordinary points) plus, once a day of history exists, how far the points around the
 * same time yesterday sat from their own recent level (the seasonal shape, learnt online, immune
 * to yesterday's level). The residual is scaled by the
 * median absolute residual of the recent past (a robust standard deviation), so the score means
 * the same on a latency series in milliseconds as on an error rate.
 *
 * Kinds: a spike or drop is a large residual; a level shift a run of residuals on one side;
 * a variance change a recent residual spread far from the usual one.
 */
import { RollingWindow } from '../rollingWindow';

export type AnomalyKind = 'spike' | 'drop' | 'level_shift' | 'variance_change';

export interface PointAssessment {
  /** 0 (ordinary) … 1 (as unusual as it gets). */
  score: number;
  /** Residual in robust standard deviations (signed). */
  z: number;
  expected: number;
  /** The band where ordinary points fall (±3 robust standard deviations). */
  lower: number;
  upper: number;
  /** The strongest kind of evidence, when the score is not 0. */
  kind: AnomalyKind | null;
}

export interface DetectorOptions {
  /** Points per day when the series has a daily season (e.g. 288 at 5 minutes); null for none. */
  seasonPoints: number | null;
  /** Points in the recent-level window. */
  levelPoints: number;
  /** Points in the residual-scale window. */
  scalePoints: number;
  /**
   * The smallest standard deviation assumed, in the series' unit: changes much smaller than it are
   * never anomalous (e.g. 0.01 for an error rate, whose minutes are mostly exactly 0). Default 0.
   */
  minScale?: number;
}

/**
 * Scores at or above this are anomalies, live and in `llm-hub detect`: a residual of 7.5 robust
 * standard deviations or equivalent evidence (the best threshold on the evaluation corpus, rounded).
 */
export const ANOMALY_THRESHOLD = 0.6;
const BAND_Z = 3;
const WARM_UP_RESIDUALS = 12;
const WEEK = 7;
/** The weekly shape is used once its recent error is this much below the daily one's. */
const WEEKLY_PREFERENCE = 0.9;
const MAD_TO_SD = 1.4826;
/** The 90th percentile of |N(0, 1)|: |residual| quantile to standard deviation. */
const Z_90 = 1.6449;

/** Options for a series with points `stepMs` apart. */
export function optionsForStep(stepMs: number): DetectorOptions {
  const perHour = 3_600_000 / stepMs;
  const perDay = 86_400_000 / stepMs;
  return {
    seasonPoints: Number.isInteger(perDay) && perDay >= 8 ? perDay : null,
    levelPoints: Math.max(6, Math.min(60, Math.round(perHour))),
    scalePoints: Math.max(60, Math.min(720, Math.round(perDay / 2))),
  };
}

export class SeriesDetector {
  private readonly recent: RollingWindow;
  private readonly residuals: RollingWindow;
  private readonly shortResiduals: RollingWindow;
  /** How far each recent point sat from the level before it (the seasonal shape), newest last. */
  private readonly memory: number[] = [];
  /**
   * The values themselves, excursions included, a week long: a pattern that comes back every week
   * (the Monday morning rush) is an excursion against yesterday but what to expect from last week.
   */
  private readonly rawMemory: number[] = [];
  private readonly memoryLength: number;
  private readonly rawMemoryLength: number;
  /** Means of the latest residuals over a short and a level-long run, each with its usual size. */
  private readonly runs: Array<{ length: number; latest: number[]; usual: RollingWindow }>;
  /** Consecutive points outside the band. */
  private outsideRun = 0;
  /** Points left until the recent level has caught up with a newly adopted one. */
  private settling = 0;
  /** The seasonal predictions of the point being judged, and how wrong each has been lately. */
  private candidates: { daily: number | null; weekly: number | null } = { daily: null, weekly: null };
  private dailyError = 0;
  private weeklyError = 0;
  /** Points judged with a weekly prediction at hand: it is trusted after a day of them. */
  private weeklySeen = 0;
  private nonNegative = true;

  constructor(private readonly options: DetectorOptions) {
    this.recent = new RollingWindow(options.levelPoints);
    this.residuals = new RollingWindow(options.scalePoints);
    this.shortResiduals = new RollingWindow(Math.max(8, Math.round(options.levelPoints / 2)));
    this.memoryLength = (options.seasonPoints ?? 0) + options.levelPoints + 1;
    this.rawMemoryLength = WEEK * (options.seasonPoints ?? 0) + options.levelPoints + 1;
    this.runs = [...new Set([3, options.levelPoints])].map((length) => ({
      length,
      latest: [],
      usual: new RollingWindow(options.scalePoints),
    }));
  }

  /** Assesses the next point (the one `stepMs` after the previous), then learns from it. */
  push(value: number): PointAssessment {
    const expected = this.expected();
    if (expected === null) {
      this.learn(value, value, value);
      return { score: 0, z: 0, expected: value, lower: value, upper: value, kind: null };
    }
    const residual = value - expected;
    this.trackSeasonalErrors(value);
    const scale = this.scale(expected);
    const z = residual / scale;

    // Clipped at the band, so that one spike cannot make a run on its own.
    const shift = this.runStatistic(Math.max(-BAND_Z * scale, Math.min(BAND_Z * scale, residual)));
    const spread = this.shortResiduals.length >= this.shortResiduals.size ? this.spreadRatio() : 1;

    // Each kind of evidence as an equivalent |z|, so that one scale ranks them all.
    const evidence: Array<[AnomalyKind, number]> = [
      [z >= 0 ? 'spike' : 'drop', Math.abs(z)],
      ['level_shift', shift],
      ['variance_change', BAND_Z * Math.max(spread / 2.5, 1 / (spread * 4))],
    ];
    const [kind, strength] = evidence.reduce((a, b) => (b[1] > a[1] ? b : a));

    this.residuals.push(Math.abs(residual));
    this.shortResiduals.push(Math.abs(residual));
    // Points outside the band enter the seasonal memory as their expected value, so an incident
    // does not shape tomorrow's baseline; the recent level ignores them too, unless they last two
    // level windows: then they are the new level (a lasting shift), and while the level catches up
    // the memory keeps the expected shape too (the lag is not part of the day's shape).
    const outside = Math.abs(z) > BAND_Z;
    this.outsideRun = outside ? this.outsideRun + 1 : 0;
    const newLevel = this.outsideRun > 2 * this.options.levelPoints;
    if (this.outsideRun === 2 * this.options.levelPoints + 1) this.settling = this.options.levelPoints;
    else if (this.settling > 0) this.settling--;
    // The memory is stricter than the band: measured against the median residual alone, so that a
    // band widened by a recent incident does not let the incident's tail into tomorrow's shape.
    const unusual =
      Math.abs(residual) > BAND_Z * Math.max(this.residuals.median() * MAD_TO_SD, this.minScale);
    this.learn(
      outside && !newLevel ? expected : value,
      outside || unusual || this.settling > 0 ? expected : value,
      value,
    );
    // No verdict before the usual size of residuals is known from a dozen of them.
    const score = this.residuals.length > WARM_UP_RESIDUALS ? scoreOf(strength) : 0;
    return {
      score,
      z,
      expected,
      lower: expected - BAND_Z * scale,
      upper: expected + BAND_Z * scale,
      kind: score > 0 ? kind : null,
    };
  }

  /**
   * The prediction from the past alone; null until there is a little history. With a day of
   * memory, the level plus the shape of the same time yesterday; with a week, also the values
   * around the same time a week ago (weekday patterns: quiet weekends), used while they have
   * predicted better than yesterday's shape.
   */
  private expected(): number | null {
    if (this.recent.length < Math.min(3, this.options.levelPoints)) return null;
    const levelNow = this.recent.median();
    const daily = this.shapeAgo(this.memory, 1);
    // Narrowly (±1 point): the weekday transitions it is there for are sharp.
    const weekly = this.shapeAgo(this.rawMemory, WEEK, 1);
    this.candidates = { daily: daily === null ? null : levelNow + daily, weekly };
    const useWeekly =
      this.candidates.weekly !== null &&
      this.weeklySeen >= (this.options.seasonPoints ?? 0) &&
      this.weeklyError < WEEKLY_PREFERENCE * this.dailyError;
    const expected = (useWeekly ? this.candidates.weekly : this.candidates.daily) ?? levelNow;
    // A series that has never been negative (counts, latencies, rates) is not expected to become so.
    return this.nonNegative ? Math.max(0, expected) : expected;
  }

  /** The median of `memory` around the same time `days` days ago; null without that much memory. */
  private shapeAgo(
    memory: readonly number[],
    days: number,
    half = Math.floor(this.options.levelPoints / 2),
  ): number | null {
    const season = this.options.seasonPoints;
    if (season === null || memory.length < days * season + half + 1) return null;
    // memory[memory.length - 1] is the previous point; the same time `days` ago is days·season back.
    const slot = memory.length - days * season;
    return median(memory.slice(slot - half, slot + half + 1));
  }

  /** Learns how well each seasonal prediction did (errors averaged over about a day). */
  private trackSeasonalErrors(value: number): void {
    const alpha = 1 / (this.options.seasonPoints ?? 1);
    const { daily, weekly } = this.candidates;
    if (daily !== null) this.dailyError += alpha * (Math.abs(value - daily) - this.dailyError);
    if (weekly === null) return;
    // Starts from the daily error, so that a day of evidence decides between them.
    if (this.weeklySeen++ === 0) this.weeklyError = this.dailyError;
    this.weeklyError += alpha * (Math.abs(value - weekly) - this.weeklyError);
  }

  /**
   * How unusual the mean residual of the last few points is, against the usual size of such means
   * in the recent past (measured, not derived, so that correlated noise does not inflate it): a few
   * moderately high points in a row weigh as much as one very high one.
   */
  private runStatistic(residual: number): number {
    let strongest = 0;
    for (const run of this.runs) {
      run.latest.push(residual);
      if (run.latest.length > run.length) run.latest.shift();
      if (run.latest.length < run.length) continue;
      const mean = run.latest.reduce((a, b) => a + b, 0) / run.length;
      if (run.usual.length >= 30) {
        const usual = Math.max(run.usual.median() * MAD_TO_SD, this.minScale / Math.sqrt(run.length));
        if (usual > 0) strongest = Math.max(strongest, Math.abs(mean) / usual);
      }
      run.usual.push(Math.abs(mean));
    }
    return strongest;
  }

  /**
   * Robust standard deviation of recent residuals, never 0. From the median absolute residual, or
   * from the 90th percentile where that is larger: a sparse series (an error rate that is 0 most
   * minutes) has a median residual of 0, and its ordinary non-zero minutes must not be anomalies.
   */
  private scale(expected: number): number {
    const floor = Math.max(this.minScale, Math.abs(expected) * 1e-3, 1e-9);
    if (this.residuals.length === 0) return floor;
    const mad = this.residuals.median() * MAD_TO_SD;
    const tail = this.residuals.quantile(0.9) / Z_90;
    return Math.max(mad, tail, floor);
  }

  /** The recent spread of residuals against the usual one, both at least the smallest scale. */
  private spreadRatio(): number {
    const floor = Math.max(this.minScale, 1e-9);
    const long = Math.max(this.residuals.median() * MAD_TO_SD, floor);
    const short = Math.max(this.shortResiduals.median() * MAD_TO_SD, floor);
    return short / long;
  }

  private get minScale(): number {
    return this.options.minScale ?? 0;
  }

  /** Learns a point: `level` for the recent level, `remembered` for the daily shape, `value` as it came. */
  private learn(level: number, remembered: number, value: number): void {
    if (level < 0) this.nonNegative = false;
    if (this.recent.length > 0) {
      const levelBefore = this.recent.median();
      this.memory.push(remembered - levelBefore);
      this.rawMemory.push(value);
    }
    this.recent.push(level);
    if (this.memory.length > this.memoryLength) this.memory.shift();
    if (this.rawMemory.length > this.rawMemoryLength) this.rawMemory.shift();
  }
}

/** Equivalent |z| to a score in [0, 1): 0 inside the band, rising towards 1 far outside it. */
function scoreOf(strength: number): number {
  if (!Number.isFinite(strength)) return 1;
  return strength <= BAND_Z ? 0 : 1 - BAND_Z / strength;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}
