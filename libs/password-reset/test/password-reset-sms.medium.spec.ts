import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  AttemptGate,
  accountSubject,
  PasswordHasher,
  PiiService,
  TooManyAttempts,
  ValidationFailed,
  makeNationalId,
} from '#identity-core';
import {
  CheckResetTicketUseCase,
  CompleteResetUseCase,
  FindResetChannelsUseCase,
  RemindUsernameUseCase,
  ResetChallengeEntity,
  ResetCodeUnusable,
  ResetCodeWrong,
  ResetFlowExpired,
  ResetSecondFactorRequired,
  VerifyResetCodeUseCase,
} from '#password-reset';
import { type TestContext } from '#test-support';
import { NEW_PW, OLD_PW, passwordResetFixture, secondFactor, sessions } from './password-reset.fixture.js';

describe('password reset by SMS, account state and username reminder (MariaDB + Redis)', () => {
  const fx = passwordResetFixture();
  const { ctx, createAccount, outboxSince, lastOutboxId, startEmail, unknownWithEmail, startSms, wrongCode } =
    fx;
  let t: TestContext;
  let find: FindResetChannelsUseCase;
  let verify: VerifyResetCodeUseCase;
  let check: CheckResetTicketUseCase;
  let complete: CompleteResetUseCase;
  let remind: RemindUsernameUseCase;
  let ds: DataSource;
  let pii: PiiService;
  before(() => ({ t, find, verify, check, complete, remind, ds, pii } = fx.world()));

  describe('SMS code', () => {
    it('6 digits, 10 minutes; a right code gives a ticket (the code form token is not one)', async () => {
      const a = await createAccount();
      const { sent, sms, ticket, code } = await startSms(a.nationalId);
      assert.equal(sms!.template, 'password-reset.code');
      assert.equal(sms!.channel, 'sms');
      assert.equal(sms!.to, a.phone);
      assert.match(code!, /^\d{6}$/);
      assert.equal(sms!.data.minutes, '10');
      assert.ok('expiresMinutes' in sent && sent.expiresMinutes === 10);
      const row = await ds.getRepository(ResetChallengeEntity).findOneByOrFail({ accountId: a.id });
      assert.ok(row.codeHmac && !row.codeHmac.includes(code!));
      await assert.rejects(check.execute({ ticket }), { code: 'reset_link_invalid' }, 'code form token');

      const spaced = `${code!.slice(0, 3)} ${code!.slice(3)}`;
      const { ticket: resetTicket } = await verify.execute({ ticket, code: spaced, ctx: ctx() });
      assert.notEqual(resetTicket, ticket);
      await assert.rejects(verify.execute({ ticket, code: code!, ctx: ctx() }), ResetFlowExpired, 'used up');
      await complete.execute({ ticket: resetTicket, password: NEW_PW, ctx: ctx() });
      await assert.rejects(complete.execute({ ticket: resetTicket, password: NEW_PW, ctx: ctx() }), {
        code: 'reset_link_used',
      });
    });

    it('counts wrong codes: 5 tries per code, then a new code is needed', async () => {
      const a = await createAccount();
      const { ticket, code } = await startSms(a.username!);
      for (const remaining of [4, 3, 2, 1, 0])
        await assert.rejects(verify.execute({ ticket, code: wrongCode(code!), ctx: ctx() }), (e) => {
          assert.ok(e instanceof ResetCodeWrong);
          assert.equal(e.remainingAttempts, remaining);
          return true;
        });
      await assert.rejects(
        verify.execute({ ticket, code: code!, ctx: ctx() }),
        (e) => e instanceof ResetCodeUnusable && e.problem === 'exhausted',
      );
    });

    it('a new code does not reset the account counter (NIST): waits grow across codes', async () => {
      const a = await createAccount();
      // From one address: the gate's per-(account, address) ladder, 5 free failures then 30 s
      // (from many addresses the account-wide one holds, as for passwords: identity-core specs).
      const from = ctx();
      const first = await startSms(a.username!);
      for (let i = 0; i < 5; i++)
        await assert.rejects(
          verify.execute({ ticket: first.ticket, code: wrongCode(first.code!), ctx: from }),
          ResetCodeWrong,
        );
      const second = await startSms(a.username!);
      await assert.rejects(
        verify.execute({ ticket: second.ticket, code: wrongCode(second.code!), ctx: from }),
        ResetCodeWrong,
      );
      await assert.rejects(verify.execute({ ticket: second.ticket, code: second.code!, ctx: from }), (e) => {
        assert.ok(e instanceof TooManyAttempts);
        assert.equal(e.retryAfterSeconds, 30);
        return true;
      });
      t.clock.advance(30_000);
      await verify.execute({ ticket: second.ticket, code: second.code!, ctx: from });
    });

    it('expires after 10 minutes; malformed codes are refused without counting', async () => {
      const a = await createAccount();
      const { ticket, code } = await startSms(a.username!);
      for (const [input, problem] of [
        ['', 'required'],
        ['12345', 'format'],
        ['1234567', 'format'],
        ['abcdef', 'format'],
        ['9'.repeat(5000), 'format'],
      ])
        await assert.rejects(verify.execute({ ticket, code: input!, ctx: ctx() }), (e) => {
          assert.ok(e instanceof ValidationFailed);
          assert.deepEqual(e.problems, [{ field: 'code', code: problem }]);
          return true;
        });
      const row = await ds.getRepository(ResetChallengeEntity).findOneByOrFail({ accountId: a.id });
      assert.equal(row.attempts, 0);
      t.clock.advance(10 * 60_000);
      await assert.rejects(
        verify.execute({ ticket, code: code!, ctx: ctx() }),
        (e) => e instanceof ResetCodeUnusable && e.problem === 'expired',
      );
    });

    it('unknown identifiers run through the same code states', async () => {
      // An unknown ID whose look-alike choices include SMS.
      let nid = '';
      for (let i = 0; !nid; i++) {
        const candidate = makeNationalId('Q', '2', String(1111111 + i));
        const c = await find.execute({ identifier: candidate, ctx: ctx() });
        if (c.channels.some((ch) => ch.kind === 'sms')) nid = candidate;
      }
      const { ticket, sms } = await startSms(nid);
      assert.equal(sms, undefined, 'nothing sent');
      for (const remaining of [4, 3, 2, 1, 0])
        await assert.rejects(verify.execute({ ticket, code: '123456', ctx: ctx() }), (e) => {
          assert.ok(e instanceof ResetCodeWrong);
          assert.equal(e.remainingAttempts, remaining);
          return true;
        });
      await assert.rejects(
        verify.execute({ ticket, code: '000000', ctx: ctx() }),
        (e) => e instanceof ResetCodeUnusable && e.problem === 'exhausted',
      );
    });
  });

  describe('account state', () => {
    it('a reset through a verified channel unlocks a brute-force locked account and clears its counters', async () => {
      const a = await createAccount();
      // The password's counters live in the attempt gate, keyed by the account's id.
      const gate = t.app.get(AttemptGate);
      for (let i = 0; i < 3; i++) {
        const attempt = await gate.begin({ factor: 'pwd', subject: accountSubject(a.id), ip: ctx().ip });
        assert.ok(attempt.allowed);
        await attempt.fail();
      }
      await ds.query(`UPDATE accounts SET status = 'locked' WHERE id = ?`, [a.id]);
      const { token } = await startEmail(a.username!);
      await complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() });
      const after = (await t.app.get(AccountRepository).findById(a.id))!;
      assert.equal(after.status, 'active');
      assert.deepEqual(await gate.failures('pwd', accountSubject(a.id)), { failures: 0, permanent: false });
      const unlock = (await t.app.get(AuditService).forTarget(`account:${a.sub}`)).find(
        (e) => e.action === 'account.unlock',
      );
      assert.deepEqual(unlock?.details, { from: 'locked', to: 'active', reason: 'password_reset' });
    });

    it('never stores a typed name without an account: audit and challenges hold a keyed hash', async () => {
      const typed = await unknownWithEmail('audit.ghost');
      const { sent } = await startEmail(typed);
      assert.ok(sent);
      const audit = await t.app.get(AuditService).forTarget(`login:${pii.loginPseudonym(typed)}`);
      assert.deepEqual(
        new Set(audit.map((e) => e.action)),
        new Set(['password_reset.lookup', 'password_reset.send']),
      );
      const rows = JSON.stringify([
        await ds.query('SELECT * FROM audit_events'),
        await ds.query('SELECT subject FROM password_reset_challenges'),
      ]);
      assert.ok(!rows.includes('audit.ghost'), 'the typed name is stored');
    });

    it('asks for the second factor when the account has one (the slot for MFA)', async () => {
      const a = await createAccount();
      const { token } = await startEmail(a.username!);
      secondFactor.needed = true;
      await assert.rejects(
        complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() }),
        ResetSecondFactorRequired,
      );
      secondFactor.needed = false;
      await complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() });
    });

    it('if ending the sessions fails, nothing changes and the link still works', async () => {
      const a = await createAccount();
      const { token } = await startEmail(a.username!);
      const mark = await lastOutboxId();
      sessions.failNext = true;
      await assert.rejects(
        complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() }),
        /engine unavailable/,
      );
      const same = (await t.app.get(AccountRepository).findById(a.id))!;
      assert.ok((await t.app.get(PasswordHasher).verify(same.passwordHash!, OLD_PW)).ok);
      assert.deepEqual(await outboxSince(mark), []);
      await complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() });
    });

    it('a link dies when its account is disabled meanwhile', async () => {
      const a = await createAccount();
      const { token } = await startEmail(a.username!);
      await ds.query(`UPDATE accounts SET status = 'disabled' WHERE id = ?`, [a.id]);
      await assert.rejects(check.execute({ ticket: token }), { code: 'reset_link_invalid' });
    });

    it('limits sends per account, and per unknown identifier alike', async () => {
      const a = await createAccount();
      for (const identifier of [a.username!, await unknownWithEmail('ghost.user')]) {
        for (let i = 0; i < 5; i++) await startEmail(identifier);
        await assert.rejects(startEmail(identifier), (e) => {
          assert.ok(e instanceof TooManyAttempts);
          assert.ok(e.retryAfterSeconds! > 0 && e.retryAfterSeconds! <= 3600);
          return true;
        });
      }
    });
  });

  describe('forgot username', () => {
    it('sends the username to every verified channel when national ID and birth date match', async () => {
      const a = await createAccount();
      const mark = await lastOutboxId();
      await remind.execute({ nationalId: a.nationalId, birthDate: '85/03/15', locale: 'en', ctx: ctx() });
      assert.deepEqual(
        (await outboxSince(mark)).map((n) => [n.template, n.channel, n.to, n.data.username, n.locale]),
        [
          ['username.reminder', 'email', a.email, a.username, 'en'],
          ['username.reminder', 'sms', a.phone, a.username, 'en'],
        ],
      );
      assert.equal((await outboxSince(mark))[0]!.data.name, '陳小明');
    });

    it('says nothing different for a wrong birth date or an unknown ID; malformed input is refused', async () => {
      const a = await createAccount();
      const mark = await lastOutboxId();
      assert.equal(
        await remind.execute({
          nationalId: a.nationalId,
          birthDate: '1996-03-16',
          locale: 'zh-TW',
          ctx: ctx(),
        }),
        undefined,
      );
      assert.equal(
        await remind.execute({
          nationalId: makeNationalId('Q', '1', '2222222'),
          birthDate: '1996-03-15',
          locale: 'zh-TW',
          ctx: ctx(),
        }),
        undefined,
      );
      assert.deepEqual(await outboxSince(mark), []);
      await assert.rejects(
        remind.execute({ nationalId: 'A123', birthDate: 'soon', locale: 'zh-TW', ctx: ctx() }),
        (e) => {
          assert.ok(e instanceof ValidationFailed);
          assert.deepEqual(e.problems, [
            { field: 'nationalId', code: 'national_id_invalid' },
            { field: 'birthDate', code: 'format' },
          ]);
          return true;
        },
      );
      await assert.rejects(
        remind.execute({ nationalId: 'x'.repeat(9000), birthDate: '', locale: 'zh-TW', ctx: ctx() }),
        {
          code: 'validation_failed',
        },
      );
    });

    it('limits reminders per national ID', async () => {
      const nid = makeNationalId('Q', '1', '3333333');
      for (let i = 0; i < 3; i++)
        await remind.execute({ nationalId: nid, birthDate: '2000-01-01', locale: 'zh-TW', ctx: ctx() });
      await assert.rejects(
        remind.execute({ nationalId: nid, birthDate: '2000-01-01', locale: 'zh-TW', ctx: ctx() }),
        TooManyAttempts,
      );
    });
  });
});
