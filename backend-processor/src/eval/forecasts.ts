/**
 * Scores the forecaster on ../shared/eval/forecast with the shared scorer: each series' training
 * rows go through `llm-hub forecast`'s code, the forecasts into a folder the scorer reads.
 *   npm run eval:forecasts [-- --data DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { forecastCsv } from '../cli/forecast';
import { parseSeries } from '../cli/series';

const { values } = parseArgs({
  options: { data: { type: 'string', default: resolve(__dirname, '../../../../shared/eval') } },
});
const data = values.data!;
const split = JSON.parse(readFileSync(join(data, 'forecast', 'split.json'), 'utf8')) as Record<
  string,
  { train_rows: number; horizon: number; season: number }
>;
const out = mkdtempSync(join(tmpdir(), 'hub-forecast-eval-'));
for (const [file, { train_rows: trainRows, horizon, season }] of Object.entries(split)) {
  const path = join(data, 'forecast', file);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const train = parseSeries(lines.slice(0, trainRows + 1).join('\n'), path);
  const started = performance.now();
  writeFileSync(join(out, file), forecastCsv(train, horizon, season));
  console.log(`${file}: ${Math.round(performance.now() - started)} ms`);
}
const result = execFileSync(
  'python3',
  [join(data, 'score_forecasts.py'), join(data, 'forecast'), join(data, 'forecast', 'split.json'), out],
  { encoding: 'utf8' },
);
console.log(`${Object.keys(split).length} series forecast; results in ${out}`);
console.log(result.trim());
