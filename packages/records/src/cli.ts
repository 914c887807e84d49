#!/usr/bin/env node
// records: search exports read and deduplicated from a command line (`pnpm --silent records parse FILE`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeRecordsFile } from './decode.js';
import { dedupe } from './duplicates/dedupe.js';
import { parseRecords } from './parse-records.js';
import { RecordsParseError, type BibRecord } from './record.js';

const USAGE = `Usage:
  records parse FILE
      Prints the records of a RIS, PubMed/MEDLINE (.nbib) or CSV export as JSON: { "format", "records": [...] }.
  records dedupe FILE...
      Prints { "groups": [[id, ...], ...], "nearMatches": [...], "sameTrial": [...] }: every record in one group,
      groups in the order of their first record. A record's id is its CSV record_id where it has one, otherwise its
      1-based position across all the files, in the order given.`;

class UsageError extends Error {}

/** A refusal of one file, printed as 'records: FILE line N: reason'. */
class InputError extends Error {}

// pnpm runs the root script in the workspace root; INIT_CWD is where the user typed the command.
function readExport(file: string): { format: string; records: BibRecord[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file));
  } catch (error) {
    throw new InputError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return parseRecords(decodeRecordsFile(bytes), { fileName: file });
  } catch (error) {
    if (error instanceof RecordsParseError) throw new InputError(`${file} ${error.message}`);
    throw error;
  }
}

function parseCommand(args: string[]): string {
  if (args.length !== 1) throw new UsageError('parse takes one FILE');
  return JSON.stringify(readExport(args[0]), null, 2);
}

function dedupeCommand(files: string[]): string {
  if (files.length === 0) throw new UsageError('dedupe takes one or more FILEs');
  const entries: { id: string; record: BibRecord }[] = [];
  const where = new Map<string, string>();
  for (const file of files) {
    for (const record of readExport(file).records) {
      const id = record.recordId ?? String(entries.length + 1);
      const earlier = where.get(id);
      if (earlier) throw new InputError(`${file} line ${record.line}: the id '${id}' is also the id of the record at ${earlier}: give every record_id once (positions are ids too)`);
      where.set(id, `${file} line ${record.line}`);
      entries.push({ id, record });
    }
  }
  return JSON.stringify(dedupe(entries), null, 2);
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'parse') process.stdout.write(`${parseCommand(rest)}\n`);
    else if (command === 'dedupe') process.stdout.write(`${dedupeCommand(rest)}\n`);
    else if (command === 'help' || command === '--help') process.stdout.write(`${USAGE}\n`);
    else throw new UsageError(command === undefined ? 'a command is required' : `unknown command '${command}'`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`records: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      process.stderr.write(`records: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
