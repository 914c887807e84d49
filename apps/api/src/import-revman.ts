// Imports a Cochrane RevMan 5 review file into a running server. First the server's preview is printed: what will be
// created and, per analysis, whether Cumulus reproduces every number RevMan stored (and if not, which and why); then
// the review is imported (unless --preview) and each outcome printed with Cumulus's estimate beside RevMan's own:
//   node apps/api/dist/import-revman.js FILE.rm5 --url http://localhost:4000 --token <admin token> [--private] [--preview]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeRevManFile, RevManFileError } from '@cumulus/revman';
import type { RevManPreviewAnalysis } from './domain/import-revman.js';

const usage = 'usage: node apps/api/dist/import-revman.js FILE.rm5 --url http://localhost:4000 --token <admin token> [--private] [--preview]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    token: { type: 'string', default: process.env.CUMULUS_ADMIN_TOKEN },
    private: { type: 'boolean', default: false },
    preview: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || positionals.length !== 1 || !values.token) {
  console.log(usage);
  console.log(
    'The token defaults to CUMULUS_ADMIN_TOKEN. Importing a review needs an administrator token; --private makes it readable with a token only; --preview prints what would be imported and how its numbers compare with RevMan\'s, and stores nothing.',
  );
  process.exit(values.help ? 0 : 2);
}

interface Estimate {
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
}
interface ImportedOutcome {
  name: string;
  measure: string;
  settings: { model: string | null; method: string };
  analysis: (Estimate & { k: number; i2: number | null }) | null;
  referenceResults: (Estimate & { subgroup: string | null; model: string; trials: number; i2: number | null; measure: string })[];
}

/** The preview as GraphQL answers it: the domain's shape (measure as the enum's name). */
type PreviewAnalysis = Omit<RevManPreviewAnalysis, 'notes' | 'measure'> & { measure: string | null };
interface Preview {
  title: string | null;
  citation: string | null;
  studies: number | null;
  rows: number | null;
  otherDataTables: number | null;
  matches: boolean | null;
  analyses: PreviewAnalysis[];
  notes: string[];
  errors: { field: string[]; message: string }[];
}

const previewQuery = `query($input: ImportRevManReviewInput!) {
  previewRevManImport(input: $input) {
    title citation studies rows otherDataTables matches notes
    analyses { analysis name kind measure model method totals rows studies matches compared notCompared differences { where field revman cumulus reason } }
    errors { field message }
  }
}`;
const importMutation = `mutation($input: ImportRevManReviewInput!) {
  importRevManReview(input: $input) { review { id title version } errors { field message } }
}`;
const outcomesQuery = `query($id: ID!) {
  review(id: $id) {
    studies { id }
    outcomes {
      name measure settings { model method }
      analysis { k estimate ciLower ciUpper i2 }
      referenceResults { subgroup model trials measure estimate ciLower ciUpper i2 }
    }
  }
}`;

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const endpoint = `${values.url!.replace(/\/$/, '')}/graphql`;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`${endpoint} answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? response.statusText}`);
  return body.data;
}

const number = (value: number | null) => (value === null ? '–' : Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4));
const withCi = (e: Estimate) => (e.estimate === null ? 'no estimate' : `${number(e.estimate)} [${number(e.ciLower)}, ${number(e.ciUpper)}]`);
const i2 = (value: number | null) => (value === null ? '' : `, I² ${value.toFixed(1)}%`);

let rm5: string;
try {
  rm5 = decodeRevManFile(readFileSync(positionals[0]));
} catch (error) {
  console.error(error instanceof RevManFileError ? `${positionals[0]}: ${error.message}` : `cannot read ${positionals[0]}: ${(error as Error).message}`);
  process.exit(1);
}

const { previewRevManImport: preview } = await gql<{ previewRevManImport: Preview }>(previewQuery, { input: { rm5 } });
if (preview.errors.length > 0) {
  console.error(`${positionals[0]} was not imported; nothing was stored:`);
  for (const error of preview.errors) console.error(`  - ${error.message}`);
  process.exit(1);
}
const tables = preview.otherDataTables ? `, ${preview.otherDataTables} "Other data" tables` : '';
console.log(`Preview of '${preview.title}'${preview.citation ? ` (${preview.citation})` : ''}: ${preview.studies} studies, ${preview.analyses.length - (preview.otherDataTables ?? 0)} analyses with ${preview.rows} data rows${tables}.`);
for (const note of preview.notes) console.log(`  ${note}`);
for (const analysis of preview.analyses) {
  const settings = analysis.kind === 'other' ? 'Other data, not pooled' : [analysis.measure, analysis.method, analysis.model, analysis.totals === 'all' ? null : `totals: ${analysis.totals}`].filter(Boolean).join(', ');
  const verdict =
    analysis.kind === 'other' ? 'kept as text'
    : analysis.compared === 0 ? 'no stored numbers to compare'
    : analysis.matches ? `matches RevMan (${analysis.compared} numbers)`
    : `differs from RevMan in ${analysis.differences.length} of ${analysis.compared} numbers`;
  console.log(`  ${analysis.name} (${settings}; ${analysis.rows} rows, ${analysis.studies} studies): ${verdict}`);
  for (const d of analysis.differences) console.log(`    ${d.where}, ${d.field}: RevMan ${d.revman ?? '–'}, Cumulus ${d.cumulus ?? '–'}${d.reason ? ` (${d.reason})` : ''}`);
}
console.log(preview.matches ? 'Every number RevMan stored is reproduced.' : 'Some numbers differ from RevMan\'s (listed above).');
if (values.preview) process.exit(0);

const { importRevManReview: result } = await gql<{
  importRevManReview: { review: { id: string; title: string; version: number } | null; errors: { field: string[]; message: string }[] };
}>(importMutation, { input: { rm5, isPublic: !values.private } });
if (!result.review) {
  console.error(`${positionals[0]} was not imported; nothing was stored:`);
  for (const error of result.errors) console.error(`  - ${error.message}`);
  process.exit(1);
}

const { review } = await gql<{ review: { studies: { id: string }[]; outcomes: ImportedOutcome[] } }>(outcomesQuery, { id: result.review.id });
console.log(`\nImported '${result.review.title}' as review ${result.review.id} (version ${result.review.version}): ${review.studies.length} studies, ${review.outcomes.length} outcomes.`);
for (const outcome of review.outcomes) {
  const model = outcome.settings.model?.toLowerCase() ?? 'rule';
  console.log(`\n${outcome.name}  (${outcome.measure}, ${model}, ${outcome.settings.method})`);
  const analysis = outcome.analysis;
  console.log(`  Cumulus:  ${analysis && analysis.k > 0 ? `${withCi(analysis)}, ${analysis.k} studies${i2(analysis.i2)}` : 'no studies with data'}`);
  const published = outcome.referenceResults.filter((r) => r.subgroup === null);
  if (published.length === 0) console.log('  RevMan:   no result saved in the file');
  for (const reference of published) {
    const scale = reference.measure === outcome.measure ? '' : ` (${reference.measure})`;
    console.log(`  RevMan:   ${withCi(reference)}, ${reference.trials} studies${i2(reference.i2)}, ${reference.model}${scale}`);
  }
}
