export * from './schema.js';
export type * from './intake-schema.js';
export type * from './registry-schema.js';
export type * from './extraction-schema.js';
export { migrations } from './migrations.js';
export { decodeSnapshotDelta, encodeSnapshotDelta } from './snapshot-codec.js';
export { CHECKPOINT_EVERY, rebuildAnalysis, storedAnalysis, type PreviousSnapshot, type StoredAnalysis, type StoredSnapshot } from './snapshot-storage.js';
export {
  createDatabase,
  defaultDatabasePath,
  isPostgresUrl,
  probeDatabase,
  type CumulusDatabase,
  type DatabaseConfig,
} from './create-database.js';
export { sql, type Compilable, type Kysely, type Transaction, type Selectable } from 'kysely';
