// Migration 0009 (people) on a database at 0008 that holds tokens: each token moves to a service user named after it,
// whose team role and the token's scope give it exactly the reach it had; going down leaves the tokens as they were.
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/index.js';
import { migrationDialects, migratorOf } from './migration-harness.js';

const dialects = await migrationDialects('0009');

const at = '2024-01-01T00:00:00.000Z';

const tokens = [
  { id: 't-admin', name: 'automation', token_hash: 'h1', role: 'admin', review_id: null, created_at: at, revoked_at: null },
  { id: 't-maintainer', name: 'Cui group', token_hash: 'h2', role: 'maintainer', review_id: 'r1', created_at: at, revoked_at: null },
  { id: 't-reader', name: 'peer reviewer', token_hash: 'h3', role: 'reader', review_id: 'r1', created_at: at, revoked_at: null },
  { id: 't-reader-all', name: 'journal', token_hash: 'h4', role: 'reader', review_id: null, created_at: at, revoked_at: null },
  { id: 't-revoked', name: 'old laptop', token_hash: 'h5', role: 'maintainer', review_id: 'r1', created_at: at, revoked_at: at },
];

describe.each(dialects)('migration 0009 on $name', ({ config, skip }) => {
  it.skipIf(skip)('gives every token a service user with the same reach, adds the people tables, and goes back down', async () => {
    const { schema, ...rest } = config();
    const database = createDatabase({ ...rest, schema });
    try {
      const { db, migrator } = await migratorOf(database, schema);
      expect((await migrator.migrateTo('0008-compact-snapshots')).error).toBeUndefined();
      await db.insertInto('reviews').values({ id: 'r1', title: 'Private', status: 'active', version: 3, is_public: 0, created_at: at, updated_at: at }).execute();
      await db.insertInto('api_tokens').values(tokens).execute();
      await db
        .insertInto('change_log')
        .values({ id: 'c1', review_id: 'r1', version: 3, actor: 'Cui group', action: 'addStudy', summary: 'Added', outcome_ids: '[]', details: null, created_at: at })
        .execute();

      const { error, results } = await migrator.migrateTo('0009-people');
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0009-people', 'Success']]);

      const users = await database.db.selectFrom('users').selectAll().execute();
      const migrated = await database.db.selectFrom('api_tokens').selectAll().orderBy('token_hash').execute();
      const userOf = (tokenId: string) => users.find((u) => u.id === migrated.find((t) => t.id === tokenId)!.user_id)!;
      expect(users).toHaveLength(5);
      expect(users.every((u) => u.kind === 'service' && u.email === null && u.password_hash === null)).toBe(true);
      expect(migrated.map((t) => userOf(t.id).display_name)).toEqual(['automation', 'Cui group', 'peer reviewer', 'journal', 'old laptop']);
      expect(migrated.map((t) => userOf(t.id).is_admin)).toEqual([1, 0, 0, 1, 0]);
      expect(migrated.map((t) => [t.scope_review_ids, t.scope_roles, t.expires_at])).toEqual([
        [null, null, null],
        ['["r1"]', null, null],
        ['["r1"]', '["reader"]', null],
        [null, '["reader"]', null],
        ['["r1"]', null, null],
      ]);
      // Revoked stays revoked; hashes untouched, so every secret in use still matches.
      expect(migrated.map((t) => [t.token_hash, t.revoked_at])).toEqual(tokens.map((t) => [t.token_hash, t.revoked_at]));
      const members = await database.db.selectFrom('review_members').selectAll().orderBy('role').execute();
      expect(members.map((m) => [m.review_id, m.role, users.find((u) => u.id === m.user_id)!.display_name]).sort()).toEqual(
        [['r1', 'maintainer', 'Cui group'], ['r1', 'maintainer', 'old laptop'], ['r1', 'reader', 'peer reviewer']].sort(),
      );
      // Old change-log entries keep their actor text, with no user.
      expect(await database.db.selectFrom('change_log').select(['actor', 'actor_user_id']).execute()).toEqual([{ actor: 'Cui group', actor_user_id: null }]);

      // One address is one account whatever its case.
      await database.db
        .insertInto('users')
        .values({ id: 'u1', email: 'Ann@Example.org', email_key: 'ann@example.org', display_name: 'Ann', orcid: null, password_hash: null, kind: 'person', is_admin: 0, email_confirmed_at: null, created_at: at })
        .execute();
      await expect(
        database.db
          .insertInto('users')
          .values({ id: 'u2', email: 'ann@example.org', email_key: 'ann@example.org', display_name: 'Ann 2', orcid: null, password_hash: null, kind: 'person', is_admin: 0, email_confirmed_at: null, created_at: at })
          .execute(),
      ).rejects.toThrow();

      expect((await migrator.migrateTo('0008-compact-snapshots')).error).toBeUndefined();
      const down = await db.selectFrom('api_tokens').selectAll().orderBy('token_hash').execute();
      expect(down).toEqual(tokens);
      const tables = await database.db.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('users');
    } finally {
      await database.drop();
      await database.close();
    }
  });
});
