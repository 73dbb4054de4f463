import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  AttemptGate,
  accountSubject,
  CreateAccountUseCase,
  PasswordHasher,
  PiiService,
  SessionTerminator,
  TooManyAttempts,
  ValidationFailed,
  makeNationalId,
  type AccountEntity,
  type AuthContext,
} from '#identity-core';
import { NotificationOutboxEntity, type NotificationRequest } from '#notifications';
import { REDIS } from '#platform';
import {
  CheckResetTicketUseCase,
  CompleteResetUseCase,
  FindResetChannelsUseCase,
  PasswordResetModule,
  RemindUsernameUseCase,
  ResetChallengeEntity,
  ResetCodeUnusable,
  ResetCodeWrong,
  ResetFlowExpired,
  ResetLinkUnusable,
  ResetSecondFactor,
  ResetSecondFactorRequired,
  SendResetUseCase,
  VerifyResetCodeUseCase,
  type ResetChoices,
} from '#password-reset';
import { identityCoreContext, type TestContext } from '#test-support';

const OLD_PW = 'an old and long passphrase';
const NEW_PW = 'a brand new passphrase 2026';

/** The OIDC engine's port, recorded (and made to fail on demand). */
class FakeSessions extends SessionTerminator {
  ended: string[] = [];
  failNext = false;
  async terminateAll(sub: string): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('engine unavailable');
    }
    this.ended.push(sub);
  }
}
const sessions = new FakeSessions();

@Global()
@Module({ providers: [{ provide: SessionTerminator, useValue: sessions }], exports: [SessionTerminator] })
class FakeSessionsModule {}

const secondFactor = {
  needed: false,
  async required() {
    return secondFactor.needed;
  },
};

const namespace = `t-pr-${randomBytes(5).toString('hex')}`;

describe('password reset and username reminder (MariaDB + Redis)', () => {
  let t: TestContext;
  let find: FindResetChannelsUseCase;
  let send: SendResetUseCase;
  let verify: VerifyResetCodeUseCase;
  let check: CheckResetTicketUseCase;
  let complete: CompleteResetUseCase;
  let remind: RemindUsernameUseCase;
  let ds: DataSource;
  let pii: PiiService;
  let ipSeq = 0;
  let seq = 0;

  before(async () => {
    t = await identityCoreContext({
      imports: [
        FakeSessionsModule as never,
        PasswordResetModule.forRootAsync({
          useFactory: () => ({
            secret: randomBytes(32),
            resetLinkUrl: 'https://idp.example/forgot/reset',
            namespace,
            sendsPerSubject: { max: 5, windowSeconds: 3600 },
            requestsPerIp: { max: 3, windowSeconds: 900 },
            remindersPerSubject: { max: 3, windowSeconds: 3600 },
          }),
        }) as never,
      ],
      overrides: [{ provide: ResetSecondFactor, useValue: secondFactor }],
    });
    find = t.app.get(FindResetChannelsUseCase);
    send = t.app.get(SendResetUseCase);
    verify = t.app.get(VerifyResetCodeUseCase);
    check = t.app.get(CheckResetTicketUseCase);
    complete = t.app.get(CompleteResetUseCase);
    remind = t.app.get(RemindUsernameUseCase);
    ds = t.app.get(DataSource);
    pii = t.app.get(PiiService);
  });

  after(async () => {
    const redis = t.app.get<Redis>(REDIS);
    const keys = [
      ...(await redis.keys(`${namespace}:*`)),
      ...(await redis.keys(`bf:${t.config.redisPrefix}:*`)),
    ];
    if (keys.length) await redis.del(...keys);
    await t.close();
  });

  beforeEach(() => {
    secondFactor.needed = false;
  });

  /** A new IP per call, so only the IP-limit test meets the IP limit. */
  const ctx = (): AuthContext => ({ ip: `10.9.${(++ipSeq >> 8) & 255}.${ipSeq & 255}`, userAgent: 'medium' });

  async function createAccount(
    over: { email?: boolean; phone?: boolean; birthDate?: string } = {},
  ): Promise<AccountEntity & { nationalId: string }> {
    const n = ++seq;
    const nationalId = makeNationalId('E', '2', String(3000000 + n));
    const account = await t.app.get(CreateAccountUseCase).execute({
      username: `reset.user${n}`,
      password: OLD_PW,
      displayName: '陳小明',
      nationalId,
      birthDate: over.birthDate ?? '1996-03-15',
      email: over.email === false ? undefined : `reset${n}@example.edu.tw`,
      emailVerified: over.email !== false,
      phone: over.phone === false ? undefined : `09120000${String(n).padStart(2, '0')}`,
      phoneVerified: over.phone !== false,
      actor: 'test',
    });
    return Object.assign(account, { nationalId });
  }

  /** Outbox rows written since `sinceId`, decrypted. */
  async function outboxSince(sinceId: string): Promise<NotificationRequest[]> {
    const rows = await ds
      .getRepository(NotificationOutboxEntity)
      .createQueryBuilder('o')
      .where('o.id > :sinceId', { sinceId })
      .orderBy('o.id')
      .getMany();
    return rows.map((r) => JSON.parse(pii.decrypt(r.payloadCipher)) as NotificationRequest);
  }
  async function lastOutboxId(): Promise<string> {
    const [row] = await ds.query('SELECT COALESCE(MAX(id), 0) AS id FROM notification_outbox');
    return String(row.id);
  }

  async function startEmail(identifier: string) {
    const choices = await find.execute({ identifier, ctx: ctx() });
    const mark = await lastOutboxId();
    const sent = await send.execute({ flow: choices.flow, channel: 'email', locale: 'zh-TW', ctx: ctx() });
    const [mail] = await outboxSince(mark);
    const token = mail ? new URL(mail.data.link!).searchParams.get('token')! : null;
    return { choices, sent, mail, token };
  }

  /**
   * An unknown username whose look-alike choices include email. The choices derive from a key
   * that is random per test run, so a fixed name would offer SMS only in some runs.
   */
  async function unknownWithEmail(prefix: string): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const candidate = `${prefix}.${i}`;
      const { channels } = await find.execute({ identifier: candidate, ctx: ctx() });
      if (channels.some((c) => c.kind === 'email')) return candidate;
    }
    throw new Error('no look-alike with email among 50 names');
  }

  async function startSms(identifier: string) {
    const choices = await find.execute({ identifier, ctx: ctx() });
    const mark = await lastOutboxId();
    const sent = await send.execute({ flow: choices.flow, channel: 'sms', locale: 'zh-TW', ctx: ctx() });
    const [sms] = await outboxSince(mark);
    assert.ok('ticket' in sent);
    return { sent, sms, ticket: sent.ticket, code: sms?.data.code };
  }

  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  describe('step 1: choices', () => {
    it('shows the masked verified channels of an account, by username or national ID', async () => {
      const a = await createAccount();
      const phoneEnd = a.phone!.slice(-3);
      for (const identifier of [a.username!, `${a.username}@mail.edu.tw`, a.nationalId.toLowerCase()]) {
        const c = await find.execute({ identifier, ctx: ctx() });
        assert.deepEqual(c.channels, [
          { kind: 'email', masked: 'r***@e***.edu.tw' },
          { kind: 'sms', masked: `09**-***-${phoneEnd}` },
        ]);
        assert.match(c.flow, /^[A-Za-z0-9_-]+$/);
      }
      const emailOnly = await createAccount({ phone: false });
      assert.deepEqual(
        (await find.execute({ identifier: emailOnly.username!, ctx: ctx() })).channels.map((c) => c.kind),
        ['email'],
      );
    });

    it('answers unknown identifiers the same way, with stable look-alike channels', async () => {
      const shape = (c: ResetChoices) => ({
        keys: Object.keys(c).sort(),
        flow: /^[A-Za-z0-9_-]+$/.test(c.flow) && c.flow.length,
        channels: c.channels.map((ch) => ({ kind: ch.kind, masked: ch.masked.replace(/[a-z0-9]/g, 'x') })),
      });
      const real = await find.execute({ identifier: (await createAccount()).username!, ctx: ctx() });
      for (const identifier of ['no.such.user', makeNationalId('Q', '1', '9999999')]) {
        const a = await find.execute({ identifier, ctx: ctx() });
        const b = await find.execute({ identifier, ctx: ctx() });
        assert.deepEqual(a.channels, b.channels, 'stable');
        assert.ok(a.channels.length >= 1);
        assert.deepEqual(Object.keys(a).sort(), Object.keys(real).sort());
        assert.equal(shape(a).flow, shape(real).flow, 'same flow length');
      }
    });

    it('gives accounts that cannot be reset (disabled, pending, no verified channel) look-alikes too', async () => {
      const noChannel = await createAccount({ email: false, phone: false });
      const c1 = await find.execute({ identifier: noChannel.username!, ctx: ctx() });
      assert.ok(c1.channels.length >= 1);
      assert.deepEqual(
        c1.channels,
        (await find.execute({ identifier: noChannel.username!, ctx: ctx() })).channels,
      );
      const disabled = await createAccount();
      await ds.query(`UPDATE accounts SET status = 'disabled' WHERE id = ?`, [disabled.id]);
      const mark = await lastOutboxId();
      const c2 = await find.execute({ identifier: disabled.username!, ctx: ctx() });
      await send.execute({ flow: c2.flow, channel: c2.channels[0]!.kind, locale: 'zh-TW', ctx: ctx() });
      assert.deepEqual(await outboxSince(mark), [], 'nothing sent to a disabled account');
    });

    it('refuses malformed input with a field problem, before any look-up', async () => {
      const good = makeNationalId('A', '1', '2345678');
      const badChecksum = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
      const cases: [string, string][] = [
        ['', 'required'],
        ['x'.repeat(5000), 'too_long'],
        ['1234567890', 'format'],
        [badChecksum, 'national_id_invalid'],
        ['A323456789', 'national_id_invalid'],
      ];
      for (const [identifier, code] of cases)
        await assert.rejects(find.execute({ identifier, ctx: ctx() }), (e) => {
          assert.ok(e instanceof ValidationFailed);
          assert.deepEqual(e.problems, [{ field: 'identifier', code }]);
          return true;
        });
    });

    it('limits look-ups per IP', async () => {
      const ip = { ip: '203.0.113.7', userAgent: null };
      for (let i = 0; i < 3; i++) await find.execute({ identifier: `someone${i}`, ctx: ip });
      await assert.rejects(find.execute({ identifier: 'someone9', ctx: ip }), TooManyAttempts);
      // IPv6 counts per /64.
      const v6 = (n: number) => ({ ip: `2001:db8:1:2::${n}`, userAgent: null });
      for (let i = 0; i < 3; i++) await find.execute({ identifier: 'x.y', ctx: v6(i + 1) });
      await assert.rejects(find.execute({ identifier: 'x.y', ctx: v6(99) }), TooManyAttempts);
    });
  });

  describe('email link', () => {
    it('sends a 30-minute single-use link; only its hash is stored; the reset ends sessions and notifies', async () => {
      const a = await createAccount();
      const { sent, mail, token } = await startEmail(a.username!);
      assert.deepEqual(sent, { channel: { kind: 'email', masked: 'r***@e***.edu.tw' }, expiresMinutes: 30 });
      assert.equal(mail!.template, 'password-reset.link');
      assert.equal(mail!.to, a.email);
      assert.equal(mail!.data.minutes, '30');
      assert.equal(mail!.data.username, a.username);
      assert.match(mail!.data.link!, /^https:\/\/idp\.example\/forgot\/reset\?token=[A-Za-z0-9_-]{43}$/);
      const row = await ds.getRepository(ResetChallengeEntity).findOneByOrFail({ accountId: a.id });
      assert.equal(row.tokenHash, createHash('sha256').update(token!).digest('hex'));
      assert.equal(row.expiresAt.getTime() - row.createdAt.getTime(), 30 * 60_000);
      const dump = JSON.stringify(await ds.query('SELECT * FROM password_reset_challenges'));
      assert.ok(!dump.includes(token!), 'the token itself is not stored');

      assert.deepEqual(await check.execute({ ticket: token }), { username: a.username });
      assert.deepEqual(
        await check.execute({ ticket: token }),
        { username: a.username },
        'opening twice is fine',
      );

      const mark = await lastOutboxId();
      const before = sessions.ended.length;
      assert.deepEqual(await complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() }), {
        username: a.username,
      });
      assert.deepEqual(sessions.ended.slice(before), [a.sub]);
      const updated = (await t.app.get(AccountRepository).findById(a.id))!;
      assert.ok((await t.app.get(PasswordHasher).verify(updated.passwordHash!, NEW_PW)).ok);
      assert.ok(updated.passwordChangedAt!.getTime() >= t.clock.now().getTime() - 1);
      // The notice goes to the other channel (SMS), not to the mailbox the reset came through.
      const notices = await outboxSince(mark);
      assert.deepEqual(
        notices.map((n) => [n.template, n.channel, n.to]),
        [['password.changed', 'sms', a.phone]],
      );

      await assert.rejects(complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() }), {
        code: 'reset_link_used',
      });
      await assert.rejects(check.execute({ ticket: token }), { code: 'reset_link_used' });
      const events = (await t.app.get(AuditService).forTarget(`account:${a.sub}`)).map((e) => e.action);
      for (const action of ['password_reset.lookup', 'password_reset.send', 'password_reset.complete'])
        assert.ok(events.includes(action), action);
    });

    it('with only an email, the notice goes to that email', async () => {
      const a = await createAccount({ phone: false });
      const { token } = await startEmail(a.username!);
      const mark = await lastOutboxId();
      await complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() });
      assert.deepEqual(
        (await outboxSince(mark)).map((n) => [n.template, n.channel, n.to]),
        [['password.changed', 'email', a.email]],
      );
    });

    it('expires after 30 minutes', async () => {
      const a = await createAccount();
      const { token } = await startEmail(a.username!);
      t.clock.advance(30 * 60_000 - 1000);
      await check.execute({ ticket: token });
      t.clock.advance(1000);
      await assert.rejects(check.execute({ ticket: token }), { code: 'reset_link_expired' });
      await assert.rejects(complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() }), {
        code: 'reset_link_expired',
      });
    });

    it('a newer link ends the older one; garbage and unknown tokens are invalid', async () => {
      const a = await createAccount();
      const first = await startEmail(a.username!);
      const second = await startEmail(a.username!);
      await assert.rejects(check.execute({ ticket: first.token }), { code: 'reset_link_used' });
      await check.execute({ ticket: second.token });
      for (const ticket of [
        undefined,
        '',
        'abc',
        'x'.repeat(43),
        randomBytes(32).toString('base64url'),
        ['a'],
      ])
        await assert.rejects(
          check.execute({ ticket }),
          (e) => e instanceof ResetLinkUnusable && e.problem === 'invalid',
        );
    });

    it('applies the password policy with the account as context', async () => {
      const a = await createAccount();
      const { token } = await startEmail(a.username!);
      for (const [password, code] of [
        ['short', 'too_short'],
        ['password123', 'common'],
        [`${a.nationalId}x`, 'contains_context'],
        ['19960315 abc', 'contains_context'],
        ['x'.repeat(129), 'too_long'],
      ])
        await assert.rejects(complete.execute({ ticket: token, password, ctx: ctx() }), (e) => {
          assert.ok(e instanceof ValidationFailed, String(e));
          assert.ok(
            e.problems.some((p) => p.code === code),
            `${password}: ${JSON.stringify(e.problems)}`,
          );
          return true;
        });
      await complete.execute({ ticket: token, password: NEW_PW, ctx: ctx() });
    });

    it('unknown identifiers: a challenge row, no mail, the same answer', async () => {
      const mark = await lastOutboxId();
      const rows = await ds.getRepository(ResetChallengeEntity).count();
      const { sent, mail } = await startEmail(await unknownWithEmail('nobody.here'));
      assert.equal(sent.channel.kind, 'email');
      assert.deepEqual(Object.keys(sent), ['channel', 'expiresMinutes']);
      assert.equal(mail, undefined);
      assert.deepEqual(await outboxSince(mark), []);
      assert.equal(await ds.getRepository(ResetChallengeEntity).count(), rows + 1);
    });

    it('refuses a forged or stale flow and a channel that was not offered', async () => {
      await assert.rejects(
        send.execute({ flow: 'forged', channel: 'email', locale: 'zh-TW', ctx: ctx() }),
        ResetFlowExpired,
      );
      const a = await createAccount({ phone: false });
      const c = await find.execute({ identifier: a.username!, ctx: ctx() });
      await assert.rejects(send.execute({ flow: c.flow, channel: 'sms', locale: 'zh-TW', ctx: ctx() }), {
        code: 'validation_failed',
      });
      await assert.rejects(send.execute({ flow: c.flow, channel: ['email'], locale: 'zh-TW', ctx: ctx() }), {
        code: 'validation_failed',
      });
      t.clock.advance(15 * 60_000);
      await assert.rejects(
        send.execute({ flow: c.flow, channel: 'email', locale: 'zh-TW', ctx: ctx() }),
        ResetFlowExpired,
      );
    });
  });

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
