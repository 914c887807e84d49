// Writes combined into one PostgreSQL statement: each write's parameters renumbered after the ones before it, the last
// write the statement's own, and nothing combined whose text a renumbering could misread.
import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { writesTogether } from '../src/writes-together.js';

describe('writesTogether', () => {
  it('makes every write but the last a WITH of the last, with the parameters renumbered in order', () => {
    const together = writesTogether([
      CompiledQuery.raw('insert into "a" ("x", "y") values ($1, $2), ($3, $4)', [1, 2, 3, 4]),
      CompiledQuery.raw('update "b" set "z" = $1 where "id" in ($2, $3)', ['z', 'b1', 'b2']),
      CompiledQuery.raw('insert into "c" ("w") values ($1)', ['$1']),
    ]);
    expect(together?.sql).toBe(
      'with w0 as (insert into "a" ("x", "y") values ($1, $2), ($3, $4)), w1 as (update "b" set "z" = $5 where "id" in ($6, $7)) insert into "c" ("w") values ($8)',
    );
    expect(together?.parameters).toEqual([1, 2, 3, 4, 'z', 'b1', 'b2', '$1']);
  });

  it('leaves one write as it is', () => {
    const one = CompiledQuery.raw('insert into "a" ("x") values ($1)', [1]);
    expect(writesTogether([one])).toBe(one);
  });

  it('refuses a quote outside an identifier, a read, and more parameters than one statement takes', () => {
    const insert = CompiledQuery.raw('insert into "a" ("x") values ($1)', [1]);
    expect(writesTogether([insert, CompiledQuery.raw(`update "a" set "x" = 'literal $1'`, [])])).toBeNull();
    expect(writesTogether([insert, CompiledQuery.raw('select "x" from "a" where "x" = $1', [1])])).toBeNull();
    const many = CompiledQuery.raw(`insert into "a" ("x") values ${Array.from({ length: 20_000 }, (_, i) => `($${i + 1})`).join(', ')}`, Array(20_000).fill(0));
    expect(writesTogether([many, many])).toBeNull();
  });
});
