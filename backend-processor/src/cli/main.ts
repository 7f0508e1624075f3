#!/usr/bin/env node
/**
 * `llm-hub`: the analytics over CSV files, running the same detector and forecaster code as the
 * live processor, for evaluation and for trying them on one's own data.
 *
 *   llm-hub detect   --input IN.csv --output OUT.csv
 *   llm-hub forecast --input IN.csv --horizon N [--season S] --output OUT.csv
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { detectCsv } from './detect';
import { forecastCsv } from './forecast';
import { InputError, parseSeries } from './series';

const USAGE = `usage:
  llm-hub detect   --input IN.csv --output OUT.csv
  llm-hub forecast --input IN.csv --horizon N [--season S] --output OUT.csv
IN.csv has the header "timestamp,value", rows in time order at a regular step.`;

function run(argv: string[]): void {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      input: { type: 'string' },
      output: { type: 'string' },
      horizon: { type: 'string' },
      season: { type: 'string' },
    },
    strict: true,
  });
  if (command !== 'detect' && command !== 'forecast') throw new InputError(USAGE);
  if (!values.input || !values.output)
    throw new InputError(`${command}: --input and --output are required\n${USAGE}`);
  let text: string;
  try {
    text = readFileSync(values.input, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${values.input}: ${(error as Error).message}`);
  }
  const series = parseSeries(text, values.input);
  if (command === 'detect') {
    writeFileSync(values.output, detectCsv(series));
    return;
  }
  writeFileSync(
    values.output,
    forecastCsv(
      series,
      positiveInteger(values.horizon, '--horizon'),
      values.season ? positiveInteger(values.season, '--season') : null,
    ),
  );
}

function positiveInteger(text: string | undefined, flag: string): number {
  if (text === undefined) throw new InputError(`forecast: ${flag} is required\n${USAGE}`);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new InputError(`${flag} must be a positive integer, got "${text}"`);
  return value;
}

try {
  run(process.argv.slice(2));
} catch (error) {
  const message =
    error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (error as Error).message
      : ((error as Error).stack ?? String(error));
  process.stderr.write(`llm-hub: ${message}\n`);
  process.exit(2);
}
