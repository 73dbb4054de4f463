import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import './direct-sql.js';

describe("mysql2's promise wrapper, cached", () => {
  it('replaces PoolConnection#promise by one that builds the same wrapper without a require per call', () => {
    const require = createRequire(import.meta.url);
    const lib = join(dirname(require.resolve('mysql2')), 'lib');
    const PoolConnection = require(join(lib, 'pool_connection.js')) as {
      prototype: { promise: (impl?: unknown) => unknown; __cachedPromise?: boolean };
    };
    const PromisePoolConnection = require(join(lib, 'promise', 'pool_connection.js')) as new (
      ...a: unknown[]
    ) => { connection: unknown };
    assert.equal(PoolConnection.prototype.__cachedPromise, true);
    const fake = Object.create(PoolConnection.prototype) as object;
    const wrapped = PoolConnection.prototype.promise.call(fake) as { connection: unknown };
    assert.ok(wrapped instanceof PromisePoolConnection);
    assert.equal(wrapped.connection, fake);
    // Resolving the module again per call is what it saves: no require inside.
    assert.doesNotMatch(String(PoolConnection.prototype.promise), /require\(/);
  });
});
