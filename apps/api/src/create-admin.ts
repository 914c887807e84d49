// Makes the first administrator (or makes an existing account one), straight in the database:
//   pnpm create-admin --email ann@example.org --name "Ann Smith"            (asks for the password on stdin)
//   CUMULUS_ADMIN_PASSWORD=… pnpm create-admin --email … --name …           (for scripts)
// Uses DATABASE_URL like the server; migrates the database first.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createDatabase } from '@cumulus/db';
import { hashPassword } from './auth/passwords.js';
import { createUser, emailKey } from './domain/people.js';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', default: false } } });
if (values.help || !values.email) {
  console.log('usage: pnpm create-admin --email <email> --name "<display name>"   (password from CUMULUS_ADMIN_PASSWORD, or asked for)');
  process.exit(values.help ? 0 : 1);
}

async function readPassword(): Promise<string> {
  if (process.env.CUMULUS_ADMIN_PASSWORD) return process.env.CUMULUS_ADMIN_PASSWORD;
  const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const password = await lines.question('Password (at least 10 characters): ');
  lines.close();
  return password;
}

const database = createDatabase({ url: process.env.DATABASE_URL || undefined });
try {
  const migration = await database.migrate();
  if (migration.error) throw migration.error;
  const existing = await database.db.selectFrom('users').selectAll().where('email_key', '=', emailKey(values.email)).executeTakeFirst();
  if (existing) {
    await database.db.updateTable('users').set({ is_admin: 1, email_confirmed_at: existing.email_confirmed_at ?? new Date().toISOString() }).where('id', '=', existing.id).execute();
    if (process.env.CUMULUS_ADMIN_PASSWORD) await database.db.updateTable('users').set({ password_hash: await hashPassword(process.env.CUMULUS_ADMIN_PASSWORD) }).where('id', '=', existing.id).execute();
    console.log(`cumulus: ${existing.email} (${existing.display_name}) is now an administrator`);
  } else {
    const result = await createUser(database, null, { email: values.email, displayName: values.name ?? values.email, password: await readPassword(), admin: true });
    if (!result.ok) {
      for (const error of result.errors) console.error(`cumulus: ${error.field.slice(1).join('.') || 'input'}: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.log(`cumulus: made administrator ${result.value.email} (${result.value.display_name}) in ${database.description}`);
    }
  }
} finally {
  await database.close();
}
