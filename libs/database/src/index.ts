export { DatabaseModule, type DatabaseModuleOptions } from './database.module.js';
export {
  dataSourceOptions,
  databaseName,
  ensureDatabase,
  migrate,
  runMigrationsLocked,
} from './data-source.js';
export { MIGRATIONS } from './migrations/index.js';
export { booleanColumn } from './column-transformers.js';
export { directQuery, EntityColumns } from './direct-sql.js';
