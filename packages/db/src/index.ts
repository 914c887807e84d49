export * from './schema.js';
export { migrations } from './migrations.js';
export {
  createDatabase,
  defaultDatabasePath,
  isPostgresUrl,
  probeDatabase,
  type CumulusDatabase,
  type DatabaseConfig,
} from './create-database.js';
export { sql, type Kysely, type Transaction, type Selectable } from 'kysely';
