import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { makeNationalId } from '#identity-core';
import { dropDatabase, freshDatabaseUrl, runCli } from '#test-support';

const DB = freshDatabaseUrl();

const cli = (...args: string[]) => runCli({ DATABASE_URL: DB, ARGON2_MEMORY_KIB: '4096' }, ...args);

describe('operator CLI', () => {
  after(() => dropDatabase(DB));
  const nid = makeNationalId('H', '2', '2233445');

  it('migrates an empty database, then reports it up to date', () => {
    const first = cli('migrate');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^applied: IdentityCore/);
    assert.equal(cli('migrate').out.trim(), 'database is up to date');
  });

  it('creates and shows an account as JSON with the national ID masked everywhere', () => {
    const created = cli(
      'accounts:create',
      '--username',
      'chang.teacher',
      '--password',
      'a passphrase for tests',
      '--name',
      '張老師',
      '--national-id',
      nid,
      '--email',
      'chang@example.edu.tw',
      '--json',
    );
    assert.equal(created.code, 0, created.err);
    assert.ok(!created.out.includes(nid));
    const shown = cli('accounts:show', 'Chang.Teacher@mail.edu.tw', '--json');
    assert.equal(shown.code, 0, shown.err);
    const view = JSON.parse(shown.out);
    assert.equal(view.username, 'chang.teacher');
    assert.equal(view.nationalId, `${nid.slice(0, 2)}*****${nid.slice(-3)}`);
    assert.equal(view.status, 'active');
    assert.ok(!shown.out.includes(nid) && !shown.err.includes(nid));
  });

  it('exits 2 with a usage line for bad arguments, and 1 with a clear message for refused input', () => {
    const missing = cli('accounts:create', '--username', 'x');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /usage: npm run cli -- accounts:create/);
    assert.equal(cli('no-such-command').code, 2);
    const bad = cli(
      'accounts:create',
      '--username',
      'ok.name',
      '--password',
      'password',
      '--name',
      'N',
      '--national-id',
      'A123456780',
      '--json',
    );
    assert.equal(bad.code, 1);
    const body = JSON.parse(bad.out);
    assert.equal(body.error, 'validation_failed');
    assert.deepEqual(body.problems.map((p: { field: string }) => p.field).sort(), ['nationalId', 'password']);
    const unknown = cli('accounts:show', 'nobody.here');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.err.trim(), 'error: account not found');
  });

  it('registers a client and prints its 32-hex id and secret once; list shows no secrets', () => {
    const made = cli(
      'clients:create',
      '--name',
      '測試系統',
      '--redirect-uri',
      'https://rp.example.edu.tw/cb',
      '--scopes',
      'openid profile eduinfo',
      '--json',
    );
    assert.equal(made.code, 0, made.err);
    const c = JSON.parse(made.out);
    assert.match(c.client_id, /^[0-9a-f]{32}$/);
    assert.ok(c.client_secret.length >= 40);
    const list = cli('clients:list', '--json');
    assert.ok(list.out.includes(c.client_id));
    assert.ok(!list.out.includes(c.client_secret));
    const refused = cli(
      'clients:create',
      '--name',
      'x',
      '--redirect-uri',
      'http://evil.example/cb',
      '--json',
    );
    assert.equal(refused.code, 1);
    const personid = cli(
      'clients:create',
      '--name',
      'x',
      '--redirect-uri',
      'https://a.example/cb',
      '--scopes',
      'openid personid',
      '--json',
    );
    assert.equal(JSON.parse(personid.out).problems[0].code, 'personid_needs_approval');
  });

  it('clears lockouts and unlocks an account', () => {
    const r = cli('accounts:unlock', 'chang.teacher', '--json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { accountFound: true, unlocked: false });
    assert.equal(cli('accounts:unlock').code, 2);
  });

  it('rotates signing keys', () => {
    const r = cli('keys:rotate', '--json');
    assert.equal(r.code, 0, r.err);
    const k = JSON.parse(r.out);
    assert.ok(k.active && k.next && k.retired);
    assert.notEqual(k.active, k.next);
  });

  it('grants, lists and revokes helpdesk portal roles, refusing what the role cannot hold', () => {
    const json = (...args: string[]) => {
      const r = cli(...args, '--json');
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out) as Record<string, unknown>;
    };
    assert.deepEqual(json('staff:list'), []);
    const granted = json('staff:grant', 'chang.teacher', '--role', 'helpdesk');
    assert.equal(granted.username, 'chang.teacher');
    assert.equal(granted.role, 'helpdesk');
    assert.match(String(granted.grantedBy), /^cli/);
    // A county admin needs a county of the school directory; a helpdesk role holds none.
    const noCounty = cli('staff:grant', 'chang.teacher', '--role', 'county-admin', '--json');
    assert.equal(noCounty.code, 1);
    assert.match(noCounty.out + noCounty.err, /county/);
    assert.equal(cli('staff:grant', 'chang.teacher', '--role', 'helpdesk', '--county', '臺北市').code, 1);
    assert.equal(cli('staff:grant', 'nobody.here', '--role', 'helpdesk').code, 1);
    const listed = json('staff:list') as unknown as { username: string; role: string }[];
    assert.deepEqual(
      listed.map((s) => `${s.username}:${s.role}`),
      ['chang.teacher:helpdesk'],
    );
    assert.deepEqual(json('staff:revoke', 'chang.teacher'), { revoked: true });
    assert.deepEqual(json('staff:revoke', 'chang.teacher'), { revoked: false });
    assert.deepEqual(json('staff:list'), []);
  });

  it('seeds the demo data once and prints passwords only the first time', () => {
    const first = cli('seed:demo');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /demo\.student\s+password: \S+/);
    assert.equal(cli('seed:demo').out.trim(), '');
  });
});
