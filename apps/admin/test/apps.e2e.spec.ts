import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { migrate } from '#database';
import { appEnv, dropDatabase, freshDatabaseUrl, startApp, type RunningApp } from '#test-support';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the three apps as operators run them', () => {
  const db = freshDatabaseUrl();
  let env: Record<string, string>;
  const apps: RunningApp[] = [];
  before(async () => {
    await migrate(db);
    env = await appEnv(db);
    apps.push(await startApp('idp', env), await startApp('admin', env), await startApp('worker', env));
  });
  after(async () => {
    for (const a of apps) await a.stop('SIGKILL');
    await dropDatabase(db);
  });

  it('answer /healthz and /readyz on idp and admin, with a request id', async () => {
    for (const a of apps.slice(0, 2)) {
      const h = await fetch(`${a.url}/healthz`);
      assert.equal(h.status, 200);
      assert.deepEqual(await h.json(), { status: 'ok' });
      const r = await fetch(`${a.url}/readyz`, { headers: { 'x-request-id': 'req-123' } });
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { status: 'ready', mysql: 'up', redis: 'up' });
      assert.equal(r.headers.get('x-request-id'), 'req-123');
    }
  });

  it('report not ready when Redis is unreachable', async () => {
    const broken = await startApp('admin', { ...(await appEnv(db)), REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const r = await fetch(`${broken.url}/readyz`);
      assert.equal(r.status, 503);
      assert.deepEqual(await r.json(), { status: 'not ready', mysql: 'up', redis: 'down' });
    } finally {
      await broken.stop('SIGKILL');
    }
  });

  it('log JSON lines', () => {
    const line = apps[0]
      .output()
      .split('\n')
      .find((l) => l.includes('listening'));
    assert.ok(line && JSON.parse(line).app === 'idp');
  });

  it('shut down gracefully on SIGTERM with exit code 0', async () => {
    const extra = await startApp('admin', await appEnv(db));
    assert.equal(await extra.stop('SIGTERM'), 0);
    const worker = await startApp('worker', env);
    assert.equal(await worker.stop('SIGTERM'), 0);
  });

  it('refuse bad configuration with exit code 1 and one line per variable, no stack trace', () => {
    const r = spawnSync(process.execPath, [`${ROOT}dist/apps/idp/src/main.js`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', IDP_PORT: 'x' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines[0], 'idp: invalid configuration');
    assert.ok(lines.some((l) => l.trim().startsWith('IDP_PORT:')));
    assert.ok(lines.some((l) => l.trim().startsWith('PII_KEYS:')));
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  });
});
