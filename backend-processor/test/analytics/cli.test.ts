/** `npx llm-hub` as a user runs it: the bin script in a process of its own, on CSV files. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'llm-hub.cjs');
const dir = mkdtempSync(join(tmpdir(), 'llm-hub-cli-'));

function csv(name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

/** Three days of hourly values with a daily cycle, seeded noise and one spike at hour 62. */
let seed = 11;
const hourly = Array.from({ length: 72 }, (_, h) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  const time = new Date(Date.UTC(2026, 2, 2, h)).toISOString().slice(0, 19).replace('T', ' ');
  const value = 100 + 40 * Math.sin((2 * Math.PI * h) / 24) + 12 * (seed / 2 ** 31) + (h === 62 ? 300 : 0);
  return `${time},${value.toFixed(3)}`;
});

test('detect writes one row per input row, in order, flagging the spike', () => {
  const input = csv('hourly.csv', ['timestamp,value', ...hourly]);
  const output = join(dir, 'scores.csv');
  execFileSync(process.execPath, [BIN, 'detect', '--input', input, '--output', output]);
  const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
  expect(lines[0]).toBe('timestamp,value,anomaly_score,is_anomaly');
  expect(lines).toHaveLength(73);
  expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(hourly.map((row) => row.split(',')[0]));
  const flagged = lines.slice(1).flatMap((line, i) => (line.endsWith(',1') ? [i] : []));
  expect(flagged).toEqual([62]);
});

test('forecast writes the horizon continuing the step, intervals nested around the forecast', () => {
  const input = csv('hourly-iso.csv', [
    'timestamp,value',
    ...hourly.slice(0, 60).map((row) => row.replace(' ', 'T').replace(',', 'Z,')),
  ]);
  const output = join(dir, 'forecast.csv');
  execFileSync(process.execPath, [BIN, 'forecast', '--input', input, '--horizon', '6', '--output', output]);
  const [header, ...rows] = readFileSync(output, 'utf8').trimEnd().split('\n');
  expect(header).toBe('timestamp,forecast,lower_80,upper_80,lower_95,upper_95');
  expect(rows.map((row) => row.split(',')[0])).toEqual(
    [12, 13, 14, 15, 16, 17].map((h) => new Date(Date.UTC(2026, 2, 4, h)).toISOString()),
  );
  for (const row of rows) {
    const [, f, l80, u80, l95, u95] = row.split(',').map(Number);
    expect(l95! <= l80! && l80! <= f! && f! <= u80! && u80! <= u95!).toBe(true);
  }
});

test.each([
  [['timestamp,val', '2026-03-02 00:00:00,1'], /:1: the header must be "timestamp,value"/],
  [['timestamp,value', '2026-03-02 00:00:00,1', 'yesterday,2'], /:3: "yesterday" is not a timestamp/],
  [
    ['timestamp,value', '2026-03-02 00:00:00,1', '2026-03-02 00:05:00,abc'],
    /:3: "abc" is not a finite number/,
  ],
  [
    ['timestamp,value', '2026-03-02 00:00:00,1', '2026-03-02 00:05:00,2', '2026-03-02 00:15:00,3'],
    /:4: irregular step: 600 s after the previous row, the series so far steps 300 s/,
  ],
  [
    ['timestamp,value', '2026-03-02 00:05:00,1', '2026-03-02 00:00:00,2'],
    /:3: .* rows must be in time order/,
  ],
])('bad input is refused with the line and the reason: %j', (rows, message) => {
  const result = run('detect', '--input', csv('bad.csv', rows), '--output', join(dir, 'out.csv'));
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test('usage errors name what is missing', () => {
  expect(run('frobnicate').stderr).toMatch(/usage:/);
  expect(run('forecast', '--input', 'x.csv', '--output', 'y.csv').stderr).toMatch(/cannot read x.csv/);
  const input = csv('ok.csv', ['timestamp,value', ...hourly]);
  expect(run('forecast', '--input', input, '--output', join(dir, 'y.csv')).stderr).toMatch(
    /--horizon is required/,
  );
  expect(run('forecast', '--input', input, '--horizon', 'soon', '--output', 'y.csv').stderr).toMatch(
    /--horizon must be a positive integer/,
  );
});
