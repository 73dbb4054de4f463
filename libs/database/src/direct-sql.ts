import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * The hot path's statements (a login's account reads), straight through the pool TypeORM opened,
 * by mysql2's callback API. TypeORM's QueryRunner costs more CPU than such a statement itself: a
 * pool connection taken and released around it, its broadcaster, and `connection.promise()` —
 * which `require`s a module (a package.json lookup on every call in Node 22) and captures a stack
 * — on every query. Same pool, same connection options (time zone, date strings, big numbers),
 * so the rows are those TypeORM would have hydrated; errors are mysql2's own (codes, `fatal`),
 * which isInfrastructureFailure reads. TypeORM's query logging does not see these statements.
 */
export function directQuery<T = Record<string, unknown>[]>(
  dataSource: DataSource,
  sql: string,
  params: readonly unknown[],
): Promise<T> {
  const pool = (dataSource.driver as unknown as { pool?: CallbackPool }).pool;
  if (!pool) return dataSource.query(sql, params as unknown[]) as Promise<T>; // not connected, or a replication set
  return new Promise<T>((resolve, reject) =>
    pool.query(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T))),
  );
}

interface CallbackPool {
  query(sql: string, params: readonly unknown[], cb: (error: Error | null, rows: unknown) => void): void;
}

/**
 * Maps an entity's columns to and from a plain SELECT: `select` lists them as `alias__column`,
 * `read` hydrates a row into the entity as TypeORM does (the driver's prepareHydratedValue: column
 * transformers, booleans, JSON, dates), or returns null when the row has no such entity (a LEFT
 * JOIN's missing side). Built once per entity: no query building per statement.
 */
export class EntityColumns<T extends ObjectLiteral> {
  readonly select: string;
  private readonly metadata: EntityMetadata;
  private readonly columns: { key: string; column: ColumnMetadata }[];
  private readonly primary: string;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
    readonly alias: string,
  ) {
    this.metadata = dataSource.getMetadata(target);
    this.columns = this.metadata.columns
      .filter((c) => !c.isVirtual)
      .map((column) => ({ key: `${alias}__${column.databaseName}`, column }));
    this.select = this.columns
      .map(({ key, column }) => `\`${alias}\`.\`${column.databaseName}\` AS \`${key}\``)
      .join(', ');
    this.primary = `${alias}__${this.metadata.primaryColumns[0]!.databaseName}`;
  }

  /** The table, as `FROM`/`JOIN` want it. */
  get table(): string {
    return `\`${this.metadata.tableName}\` \`${this.alias}\``;
  }

  read(row: Record<string, unknown>): T | null {
    if (row[this.primary] === null || row[this.primary] === undefined) return null;
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const { key, column } of this.columns)
      column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(row[key], column));
    return entity;
  }
}

/**
 * mysql2's PoolConnection#promise() resolves `require('./promise/pool_connection.js')` on each
 * call, and TypeORM calls it for every statement: in Node 22 that is a package.json search on the
 * file system each time (2.5% of a login's CPU in the bench's profile). The same wrapper, its
 * class resolved once. Applied when this module loads; idempotent.
 */
function cachePromiseWrapper(): void {
  const require = createRequire(import.meta.url);
  let PoolConnection: { prototype: { promise?: (impl?: unknown) => unknown; __cachedPromise?: boolean } };
  let PromisePoolConnection: new (connection: unknown, promiseImpl?: unknown) => unknown;
  try {
    // mysql2's `exports` map hides lib/: reach its files by path. Another layout (an upgrade):
    // leave mysql2 as it is — slower, not wrong.
    const lib = join(dirname(require.resolve('mysql2')), 'lib');
    PoolConnection = require(join(lib, 'pool_connection.js')) as typeof PoolConnection;
    PromisePoolConnection = require(
      join(lib, 'promise', 'pool_connection.js'),
    ) as typeof PromisePoolConnection;
  } catch {
    return;
  }
  if (typeof PoolConnection.prototype.promise !== 'function' || PoolConnection.prototype.__cachedPromise)
    return;
  PoolConnection.prototype.promise = function (this: unknown, promiseImpl?: unknown) {
    return new PromisePoolConnection(this, promiseImpl);
  };
  PoolConnection.prototype.__cachedPromise = true;
}
cachePromiseWrapper();
