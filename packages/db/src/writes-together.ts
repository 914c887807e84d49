// Independent writes of one transaction in one round trip to PostgreSQL: every write but the last becomes a
// data-modifying WITH of the last (`with w0 as (insert …), w1 as (update …) insert …`). PostgreSQL runs them all in the
// statement, against the same snapshot, so none may read what another writes: a change's snapshots, its outcomes'
// versions and its change-log entry, say. A round trip costs more than the statement on these machines.
import { CompiledQuery } from 'kysely';

/** Parameters one statement may carry: well within PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * The writes as one statement, with their parameters renumbered in order; null when they must go one by one (more
 * parameters than one statement takes, or text with a quote in it, where a `$n` need not be a parameter).
 */
export function writesTogether(writes: readonly CompiledQuery[]): CompiledQuery | null {
  if (writes.length === 1) return writes[0];
  const parameters: unknown[] = [];
  const parts: string[] = [];
  for (const write of writes) {
    if (/['"]/.test(write.sql.replace(/"[a-z_][a-z0-9_]*"/g, '')) || !/^(insert|update|delete) /.test(write.sql)) return null;
    const offset = parameters.length;
    parts.push(write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`));
    parameters.push(...write.parameters);
  }
  if (parameters.length > MAX_PARAMETERS) return null;
  const last = parts.pop()!;
  return CompiledQuery.raw(`with ${parts.map((part, i) => `w${i} as (${part})`).join(', ')} ${last}`, parameters);
}
