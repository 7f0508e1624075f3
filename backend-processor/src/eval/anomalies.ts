/**
 * Scores the anomaly detector on the labelled series in ../shared/eval/anomaly with the shared
 * NAB-style scorer: each file goes through `llm-hub detect`'s code, the scores into a folder the
 * scorer reads.   npm run eval:anomalies [-- --data DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ANOMALY_THRESHOLD } from '../analytics/anomaly/detector';
import { detectCsv } from '../cli/detect';
import { parseSeries } from '../cli/series';

const { values } = parseArgs({
  options: { data: { type: 'string', default: resolve(__dirname, '../../../../shared/eval') } },
});
const data = values.data!;
const out = mkdtempSync(join(tmpdir(), 'hub-anomaly-eval-'));
const files = readdirSync(join(data, 'anomaly')).filter((file) => file.endsWith('.csv'));
for (const file of files) {
  const path = join(data, 'anomaly', file);
  writeFileSync(join(out, file), detectCsv(parseSeries(readFileSync(path, 'utf8'), path)));
}
const result = execFileSync(
  'python3',
  [
    join(data, 'score_anomalies.py'),
    join(data, 'anomaly', 'windows.json'),
    out,
    '--threshold',
    String(ANOMALY_THRESHOLD),
  ],
  { encoding: 'utf8' },
);
console.log(`${files.length} series scored; results in ${out}`);
console.log(result.trim());
