import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AccountStateService,
  AuditService,
  CreateAccountUseCase,
  PiiService,
  SessionTerminator,
  makeNationalId,
  type AccountEntity,
  type AccountStatus,
  type StatusEvent,
} from '#identity-core';
import { identityCoreContext, type TestContext } from '#test-support';

/** The engine's port, recorded; `failing` makes the next call fail, as an unreachable Redis would. */
class RecordingSessions extends SessionTerminator {
  ended: string[] = [];
  failing = false;
  async terminateAll(sub: string): Promise<void> {
    if (this.failing) throw new Error('session store unreachable');
    this.ended.push(sub);
  }
}
const sessions = new RecordingSessions();

@Global()
@Module({ providers: [{ provide: SessionTerminator, useValue: sessions }], exports: [SessionTerminator] })
class RecordingSessionsModule {}

class Rollback extends Error {}

let serial = 0;
const nid = () => makeNationalId('B', '1', String(2000000 + ++serial));

describe('AccountStateService against MariaDB', () => {
  let t: TestContext;
  let state: AccountStateService;
  let accounts: AccountRepository;
  let ds: DataSource;

  before(async () => {
    t = await identityCoreContext({ imports: [RecordingSessionsModule as never] });
    state = t.app.get(AccountStateService);
    accounts = t.app.get(AccountRepository);
    ds = t.app.get(DataSource);
  });
  after(() => t.close());
  beforeEach(() => {
    sessions.ended = [];
    sessions.failing = false;
  });

  async function active(): Promise<AccountEntity> {
    serial += 1;
    return t.app.get(CreateAccountUseCase).execute({
      username: `state.${serial}`,
      password: 'correct horse battery staple',
      displayName: '狀態測試',
      nationalId: nid(),
      actor: 'test',
    });
  }

  async function pending(): Promise<AccountEntity> {
    const pii = t.app.get(PiiService);
    const id = nid();
    return ds.transaction((m) =>
      accounts.createPending(
        {
          displayName: '待啟用',
          birthDate: '2010-03-15',
          nationalIdCipher: pii.encrypt(id),
          nationalIdIndex: pii.nationalIdIndex(id),
        },
        t.clock.now(),
        m,
      ),
    );
  }

  const statusOf = async (a: AccountEntity) => (await accounts.findById(a.id))!.status;
  const events = async (a: AccountEntity) =>
    (await t.app.get(AuditService).forTarget(`account:${a.sub}`))
      .reverse()
      .filter((e) => e.action !== 'account.create')
      .map((e) => ({ action: e.action, result: e.result, actor: e.actor, details: e.details }));

  it('moves an account through lock, unlock, disable and enable, each audited with from, to and reason', async () => {
    const a = await active();
    const moves: [StatusEvent, AccountStatus][] = [
      ['lock', 'locked'],
      ['unlock', 'active'],
      ['disable', 'disabled'],
      ['enable', 'active'],
    ];
    for (const [event, to] of moves) {
      t.clock.advance(1000);
      const changed = await state.change({
        account: { sub: a.sub },
        event,
        actor: 'admin:test',
        reason: 'why',
      });
      assert.equal(changed.status, to);
      const row = (await accounts.findById(a.id))!;
      assert.equal(row.status, to);
      assert.equal(row.statusChangedAt.getTime(), t.clock.now().getTime());
    }
    assert.deepEqual(
      await events(a),
      [
        ['lock', 'active', 'locked'],
        ['unlock', 'locked', 'active'],
        ['disable', 'active', 'disabled'],
        ['enable', 'disabled', 'active'],
      ].map(([event, from, to]) => ({
        action: `account.${event}`,
        result: 'success',
        actor: 'admin:test',
        details: { from, to, reason: 'why' },
      })),
    );
    assert.deepEqual(sessions.ended, [a.sub], 'only disabling ends sessions');
  });

  it('refuses moves the state machine does not list, with invalid_state_transition, and audits the refusal', async () => {
    const a = await active();
    const p = await pending();
    const refused: [AccountEntity, StatusEvent | 'activate'][] = [
      [a, 'unlock'],
      [a, 'enable'],
      [p, 'lock'],
      [p, 'unlock'],
      // Activation needs credentials: not through `change`.
      [p, 'activate'],
    ];
    for (const [account, event] of refused)
      await assert.rejects(
        state.change({ account: { id: account.id }, event: event as StatusEvent, actor: 'admin:test' }),
        { code: 'invalid_state_transition' },
      );
    assert.equal(await statusOf(a), 'active');
    assert.equal(await statusOf(p), 'pending');
    assert.deepEqual(
      (await events(a)).map((e) => [e.action, e.result, e.details]),
      [
        ['account.unlock', 'failure', { from: 'active' }],
        ['account.enable', 'failure', { from: 'active' }],
      ],
    );
    assert.deepEqual(
      (await events(p)).map((e) => `${e.action}:${e.result}`),
      ['account.lock:failure', 'account.unlock:failure', 'account.activate:failure'],
    );
    await assert.rejects(
      state.change({ account: { sub: '00000000-0000-4000-8000-000000000000' }, event: 'lock', actor: 'x' }),
      { code: 'not_found' },
    );
  });

  it("joins the caller's transaction: invisible to others until it commits, rolled back with it", async () => {
    const a = await active();
    await assert.rejects(
      ds.transaction(async (m) => {
        await state.change({ account: { id: a.id }, event: 'lock', actor: 'admin:test' }, m);
        assert.equal((await accounts.findForUpdate({ id: a.id }, m))!.status, 'locked', 'seen inside');
        assert.equal(await statusOf(a), 'active', 'not seen outside before the commit');
        throw new Rollback();
      }),
      Rollback,
    );
    assert.equal(await statusOf(a), 'active');
    assert.deepEqual(await events(a), [], 'the audit event rolled back with the change');

    await ds.transaction(async (m) => {
      await state.change({ account: { id: a.id }, event: 'lock', actor: 'admin:test' }, m);
      await t.app
        .get(AuditService)
        .record({ actor: 'test', action: 'caller.work', target: `account:${a.sub}`, result: 'success' }, m);
    });
    assert.equal(await statusOf(a), 'locked');
    assert.deepEqual(
      (await events(a)).map((e) => e.action),
      ['account.lock', 'caller.work'],
    );
  });

  it("keeps a refusal on record even when the caller's transaction rolls back", async () => {
    const a = await active();
    await assert.rejects(
      ds.transaction((m) => state.change({ account: { id: a.id }, event: 'enable', actor: 'admin:test' }, m)),
      { code: 'invalid_state_transition' },
    );
    assert.deepEqual(
      (await events(a)).map((e) => `${e.action}:${e.result}`),
      ['account.enable:failure'],
    );
  });

  it('disabling ends every session inside the change: if that fails, the account stays as it was', async () => {
    const a = await active();
    sessions.failing = true;
    await assert.rejects(
      state.change({ account: { sub: a.sub }, event: 'disable', actor: 'admin:test' }),
      /session store unreachable/,
    );
    assert.equal(await statusOf(a), 'active');
    assert.deepEqual(await events(a), []);
    sessions.failing = false;
    await state.change({ account: { sub: a.sub }, event: 'disable', actor: 'admin:test' });
    assert.equal(await statusOf(a), 'disabled');
    assert.deepEqual(sessions.ended, [a.sub]);
  });

  it('activates a pending account with its credentials and verified contacts in one audited write', async () => {
    const p = await pending();
    t.clock.advance(5000);
    const activated = await ds.transaction((m) =>
      state.activate(
        {
          account: { sub: p.sub },
          username: `new.${serial}`,
          passwordHash: '$argon2id$stand-in',
          email: 'holder@example.edu.tw',
          actor: `account:${p.sub}`,
          ip: '192.0.2.7',
          userAgent: 'test-agent',
          details: { method: 'activation-code' },
        },
        m,
      ),
    );
    const row = (await accounts.findById(p.id))!;
    assert.equal(activated.status, 'active');
    assert.equal(row.status, 'active');
    assert.equal(row.username, `new.${serial}`);
    assert.equal(row.passwordHash, '$argon2id$stand-in');
    assert.equal(row.passwordChangedAt!.getTime(), t.clock.now().getTime());
    assert.equal(row.statusChangedAt.getTime(), t.clock.now().getTime());
    assert.deepEqual(
      [row.email, row.emailVerified, row.phone, row.phoneVerified],
      ['holder@example.edu.tw', true, null, false],
    );
    const [event] = await events(p);
    assert.deepEqual(event, {
      action: 'account.activate',
      result: 'success',
      actor: `account:${p.sub}`,
      details: { from: 'pending', to: 'active', method: 'activation-code' },
    });

    // Only a pending account can be activated.
    await assert.rejects(
      state.activate({ account: { id: p.id }, username: 'other.name', passwordHash: 'x', actor: 'test' }),
      { code: 'invalid_state_transition' },
    );
    assert.equal((await accounts.findById(p.id))!.username, `new.${serial}`);
  });

  it('a username taken meanwhile fails the activation and leaves the account pending', async () => {
    const taken = await active();
    const p = await pending();
    await assert.rejects(
      ds.transaction((m) =>
        state.activate(
          { account: { id: p.id }, username: taken.username!, passwordHash: 'x', actor: 'test' },
          m,
        ),
      ),
      { code: 'ER_DUP_ENTRY' },
    );
    const row = (await accounts.findById(p.id))!;
    assert.deepEqual([row.status, row.username, row.passwordHash], ['pending', null, null]);
    assert.deepEqual(await events(p), []);
  });
});
