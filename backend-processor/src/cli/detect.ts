/** `llm-hub detect`: the live detector over a CSV series, one assessed row per input row. */
import { ANOMALY_THRESHOLD, SeriesDetector, optionsForStep } from '../analytics/anomaly/detector';
import type { Series } from './series';

export function detectCsv(series: Series): string {
  const detector = new SeriesDetector(optionsForStep(series.stepMs));
  const lines = ['timestamp,value,anomaly_score,is_anomaly'];
  series.values.forEach((value, i) => {
    const { score } = detector.push(value);
    lines.push(`${series.labels[i]},${value},${round(score)},${score >= ANOMALY_THRESHOLD ? 1 : 0}`);
  });
  return `${lines.join('\n')}\n`;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
