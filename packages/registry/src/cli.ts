#!/usr/bin/env node
// registry: ClinicalTrials.gov records fetched, normalised and turned into proposed rows (`pnpm --silent registry fetch NCT...`).
import { createRegistryClient, DEFAULT_BASE_URL } from './client.js';
import { RegistryError } from './errors.js';
import { proposeRows } from './propose-rows.js';

const USAGE = `Usage:
  registry fetch NCT... [--base-url URL]
      Prints { "studies": [{ "nctId", "url", "fetchedAt", "study", "proposals" }, ...] } as JSON: each record normalised
      (arms, outcome measures with their groups, numbers and dispersion) and the data rows it could give, every conversion
      stated. About one request a second. URL is the API v2 root (default ${DEFAULT_BASE_URL}).`;

class UsageError extends Error {}

function parseFetchArgs(args: string[]): { ids: string[]; baseUrl: string } {
  const ids: string[] = [];
  let baseUrl = DEFAULT_BASE_URL;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--base-url') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError('--base-url takes a URL');
      baseUrl = value;
      i += 1;
    } else if (arg.startsWith('--base-url=')) {
      baseUrl = arg.slice('--base-url='.length);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      ids.push(arg);
    }
  }
  if (ids.length === 0) throw new UsageError('fetch takes one or more NCT ids');
  try {
    new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url '${baseUrl}' is not a URL`);
  }
  return { ids, baseUrl };
}

async function fetchCommand(args: string[]): Promise<string> {
  const { ids, baseUrl } = parseFetchArgs(args);
  const client = createRegistryClient({ baseUrl });
  const studies = [];
  for (const id of ids) {
    const fetched = await client.getStudy(id);
    const proposals = proposeRows(fetched.study, { fetchedAt: fetched.fetchedAt, sourceUrl: fetched.url });
    studies.push({ nctId: fetched.nctId, url: fetched.url, fetchedAt: fetched.fetchedAt, study: fetched.study, proposals });
  }
  return JSON.stringify({ studies }, null, 2);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'fetch') process.stdout.write(`${await fetchCommand(rest)}\n`);
    else if (command === 'help' || command === '--help') process.stdout.write(`${USAGE}\n`);
    else throw new UsageError(command === undefined ? 'a command is required' : `unknown command '${command}'`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`registry: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof RegistryError) {
      process.stderr.write(`registry: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
