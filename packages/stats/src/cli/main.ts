#!/usr/bin/env node
// cumulus-stats: the engine from a command line. `run-case` is the conformance command; `analyse` reads a CSV.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzeOutcome } from '../analyze-outcome.js';
import type { CaseFile } from '../conformance/case-file.js';
import { runCase } from '../conformance/run-case.js';
import { StatsInputError } from '../errors.js';
import type { CiMethod, Measure, OutcomeSettings, PoolingMethod, Preset, Tau2Estimator } from '../types.js';
import { readStudiesCsv } from './read-studies-csv.js';
import { formatReport } from './report.js';

const USAGE = `Usage:
  cumulus-stats run-case FILE.json
      Runs a reference case through the engine; prints it with "actual" beside every "expected".
  cumulus-stats analyse FILE.csv --measure OR|RR|RD|MD|SMD|MC|HR|ROM|GENERIC [options]
      Analyses a CSV of studies and prints a report.
      --model fixed|random|rule   (default random; rule: fixed if I² ≤ 50% and P > 0.1, else random)
      --method IV|MH|PETO         (default IV)
      --tau2 DL|REML|PM|SJ|HE|ML|EB (default REML)
      --ci z|hksj                 (default z)
      --preset metafor|revman5    (default metafor)
      --r CORRELATION             pre/post correlation for MC (default 0)
      --json                      print the full analysis as JSON`;

const choices = {
  measure: ['OR', 'RR', 'RD', 'MD', 'SMD', 'MC', 'HR', 'ROM', 'GENERIC'],
  model: ['fixed', 'random', 'rule'],
  method: ['IV', 'MH', 'PETO'],
  tau2: ['DL', 'REML', 'PM', 'SJ', 'HE', 'ML', 'EB'],
  ci: ['z', 'hksj'],
  preset: ['metafor', 'revman5'],
} as const;

class UsageError extends Error {}

function choice<K extends keyof typeof choices>(name: K, value: string | undefined, fallback?: string): string | undefined {
  const v = value ?? fallback;
  if (v === undefined) return undefined;
  const allowed = choices[name] as readonly string[];
  const match = allowed.find((c) => c.toLowerCase() === v.toLowerCase());
  if (!match) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${v}')`);
  return match;
}

function readText(path: string | undefined): string {
  if (!path) throw new UsageError('a file is required');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function runCaseCommand(args: string[]): void {
  const text = readText(args[0]);
  let caseFile: CaseFile;
  try {
    caseFile = JSON.parse(text) as CaseFile;
  } catch (error) {
    throw new UsageError(`${args[0]} is not valid JSON: ${(error as Error).message}`);
  }
  if (!caseFile || !Array.isArray(caseFile.checks)) throw new UsageError(`${args[0]} has no "checks" array`);
  process.stdout.write(`${JSON.stringify(runCase({ ...caseFile, studies: caseFile.studies ?? [] }), null, 2)}\n`);
}

function analyseCommand(args: string[]): void {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      measure: { type: 'string' },
      model: { type: 'string' },
      method: { type: 'string' },
      tau2: { type: 'string' },
      ci: { type: 'string' },
      preset: { type: 'string' },
      r: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const measure = choice('measure', values.measure);
  if (!measure) throw new UsageError('--measure is required');
  const r = values.r === undefined ? 0 : Number(values.r);
  if (!Number.isFinite(r)) throw new UsageError(`--r must be a number (got '${values.r}')`);
  const settings: OutcomeSettings = {
    measure: measure as Measure,
    model: choice('model', values.model, 'random') as OutcomeSettings['model'],
    method: choice('method', values.method) as PoolingMethod | undefined,
    tau2Estimator: choice('tau2', values.tau2) as Tau2Estimator | undefined,
    ciMethod: choice('ci', values.ci) as CiMethod | undefined,
    preset: choice('preset', values.preset) as Preset | undefined,
    prePostCorrelation: r,
  };
  const analysis = analyzeOutcome(readStudiesCsv(readText(positionals[0])), settings);
  process.stdout.write(values.json ? `${JSON.stringify(analysis, null, 2)}\n` : `${formatReport(analysis, positionals[0])}\n`);
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'run-case') runCaseCommand(rest);
    else if (command === 'analyse' || command === 'analyze') analyseCommand(rest);
    else if (command === undefined || command === 'help' || command === '--help') process.stdout.write(`${USAGE}\n`);
    else throw new UsageError(`unknown command '${command}'`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`cumulus-stats: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof StatsInputError) {
      process.stderr.write(`cumulus-stats: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
