import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  ChangeAccountStatusUseCase,
  CreateAccountUseCase,
  GetAccountUseCase,
  SessionTerminator,
  UpsertSchoolUseCase,
  makeNationalId,
  type CreateAccountCommand,
} from '#identity-core';
import { MIGRATIONS, migrate } from '#database';
import { dropDatabase, freshDatabaseUrl, identityCoreContext, type TestContext } from '#test-support';

const nid = (n: number) => makeNationalId('A', '1', String(1000000 + n));

function command(over: Partial<CreateAccountCommand> = {}): CreateAccountCommand {
  return {
    username: 'chen.student',
    password: 'correct horse battery staple',
    displayName: '陳同學',
    nationalId: nid(1),
    actor: 'test',
    ...over,
  };
}

describe('migrations', () => {
  it('create every table in an empty database, and a second run changes nothing', async () => {
    const url = freshDatabaseUrl();
    try {
      const applied = await migrate(url);
      assert.deepEqual(
        applied,
        MIGRATIONS.map((m) => new m().name),
      );
      assert.deepEqual(await migrate(url), []);
    } finally {
      await dropDatabase(url);
    }
  });
});

describe('identity core against MariaDB', () => {
  let t: TestContext;
  before(async () => {
    t = await identityCoreContext();
    await t.app
      .get(UpsertSchoolUseCase)
      .execute({ eduid: '074601', name: '臺中市立示範國中', county: '臺中市' });
  });
  after(() => t.close());

  it('creates an account whose national ID is stored encrypted and found by its blind index', async () => {
    const created = await t.app.get(CreateAccountUseCase).execute(
      command({
        affiliation: {
          schoolId: '074601',
          titles: ['學生'],
          year: '115',
          semester: '1',
          grade: '3',
          classNo: '05',
        },
      }),
    );
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT national_id_cipher, national_id_index FROM accounts WHERE sub = ?', [created.sub]);
    assert.ok(!String(row.national_id_cipher).includes(nid(1)), 'cipher text must not contain the ID');
    assert.match(row.national_id_index, /^[0-9a-f]{64}$/);
    const found = await t.app.get(AccountRepository).findByNationalId(` ${nid(1).toLowerCase()} `);
    assert.equal(found?.sub, created.sub);
    assert.equal(await t.app.get(AccountRepository).findByNationalId(nid(2)), null);
  });

  it('keeps usernames unique regardless of case, and logs in by name@mail.edu.tw', async () => {
    await assert.rejects(
      t.app.get(CreateAccountUseCase).execute(command({ username: 'Chen.Student', nationalId: nid(3) })),
      { code: 'conflict' },
    );
    const repo = t.app.get(AccountRepository);
    assert.equal((await repo.findByLogin('CHEN.STUDENT'))?.username, 'chen.student');
    assert.equal((await repo.findByLogin('chen.student@MAIL.EDU.TW'))?.username, 'chen.student');
    assert.equal(await repo.findByLogin('chen.student@gmail.com'), null);
    // The database enforces it too, not only the use case: usernames compare exactly (binary
    // collation), so it stores them only in their normalised form and no case variant can sit beside one.
    const insert = (username: string) =>
      t.app
        .get(DataSource)
        .query(
          `INSERT INTO accounts (sub, username, display_name, status) VALUES (UUID(), ?, 'x', 'active')`,
          [username],
        );
    await assert.rejects(insert('CHEN.STUDENT'), /ck_accounts_username/);
    await assert.rejects(insert('ĉhen.student'), /ck_accounts_username/);
    await assert.rejects(insert('chen.student'), /Duplicate entry/);
  });

  it('refuses one person twice, bad input and weak passwords with stable codes', async () => {
    await assert.rejects(t.app.get(CreateAccountUseCase).execute(command({ username: 'someone.else' })), {
      code: 'conflict',
    });
    await assert.rejects(
      t.app
        .get(CreateAccountUseCase)
        .execute(command({ username: 'x', nationalId: 'A123456780', password: 'password' })),
      (e: { code: string; problems: { field: string; code: string }[] }) => {
        assert.equal(e.code, 'validation_failed');
        assert.deepEqual(e.problems.map((p) => p.field).sort(), ['nationalId', 'password', 'username']);
        return true;
      },
    );
  });

  it('shows the account with a masked national ID and its affiliations', async () => {
    const view = await t.app.get(GetAccountUseCase).execute('chen.student');
    assert.equal(view.nationalId, `${nid(1).slice(0, 2)}*****${nid(1).slice(-3)}`);
    assert.equal(view.affiliations[0].schoolName, '臺中市立示範國中');
    assert.deepEqual(view.affiliations[0].titles, ['學生']);
    await assert.rejects(t.app.get(GetAccountUseCase).execute('nobody.here'), { code: 'not_found' });
  });

  it('writes audit events for changes, and the table refuses updates and deletes', async () => {
    const account = await t.app.get(AccountRepository).findByLogin('chen.student');
    await t.app
      .get(ChangeAccountStatusUseCase)
      .execute({ sub: account!.sub, event: 'lock', actor: 'admin:test' });
    await assert.rejects(
      t.app
        .get(ChangeAccountStatusUseCase)
        .execute({ sub: account!.sub, event: 'activate', actor: 'admin:test' }),
      { code: 'invalid_state_transition' },
    );
    const events = await t.app.get(AuditService).forTarget(`account:${account!.sub}`);
    assert.deepEqual(
      events.map((e) => `${e.action}:${e.result}`),
      ['account.activate:failure', 'account.lock:success', 'account.create:success'],
    );
    assert.equal(events[1].actor, 'admin:test');
    const ds = t.app.get(DataSource);
    await assert.rejects(ds.query('UPDATE audit_events SET result = ?', ['success']), /append-only/);
    await assert.rejects(ds.query('DELETE FROM audit_events'), /append-only/);
  });
});

/** The OIDC engine's port, recorded. */
class RecordingSessions extends SessionTerminator {
  ended: string[] = [];
  async terminateAll(sub: string): Promise<void> {
    this.ended.push(sub);
  }
}
const sessions = new RecordingSessions();

@Global()
@Module({ providers: [{ provide: SessionTerminator, useValue: sessions }], exports: [SessionTerminator] })
class RecordingSessionsModule {}

describe('account status changes and sessions', () => {
  let t: TestContext;
  before(async () => {
    t = await identityCoreContext({ imports: [RecordingSessionsModule as never] });
  });
  after(() => t.close());

  it('disabling ends every session of the account; locking and enabling do not', async () => {
    const a = await t.app
      .get(CreateAccountUseCase)
      .execute(command({ username: 'disable.me', nationalId: nid(50) }));
    const change = t.app.get(ChangeAccountStatusUseCase);
    await change.execute({ sub: a.sub, event: 'lock', actor: 'admin:test' });
    assert.deepEqual(sessions.ended, [], 'a lock (which anyone can cause) keeps the owner signed in');
    await change.execute({ sub: a.sub, event: 'disable', actor: 'admin:test' });
    assert.deepEqual(sessions.ended, [a.sub]);
    await change.execute({ sub: a.sub, event: 'enable', actor: 'admin:test' });
    assert.deepEqual(sessions.ended, [a.sub]);
    // A refused transition ends nothing.
    await assert.rejects(change.execute({ sub: a.sub, event: 'enable', actor: 'admin:test' }), {
      code: 'invalid_state_transition',
    });
    assert.deepEqual(sessions.ended, [a.sub]);
  });
});

describe('disabling without the engine wired', () => {
  it('is refused before anything changes, rather than leaving sessions alive', async () => {
    const t = await identityCoreContext();
    try {
      const a = await t.app
        .get(CreateAccountUseCase)
        .execute(command({ username: 'not.wired', nationalId: nid(51) }));
      await assert.rejects(
        t.app.get(ChangeAccountStatusUseCase).execute({ sub: a.sub, event: 'disable', actor: 'admin:test' }),
        /SessionTerminator/,
      );
      assert.equal((await t.app.get(AccountRepository).findBySub(a.sub))!.status, 'active');
    } finally {
      await t.close();
    }
  });
});
