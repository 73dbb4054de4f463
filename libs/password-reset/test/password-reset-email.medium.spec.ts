import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  PasswordHasher,
  TooManyAttempts,
  ValidationFailed,
  makeNationalId,
} from '#identity-core';
import {
  CheckResetTicketUseCase,
  CompleteResetUseCase,
  FindResetChannelsUseCase,
  ResetChallengeEntity,
  ResetFlowExpired,
  ResetLinkUnusable,
  SendResetUseCase,
  type ResetChoices,
} from '#password-reset';
import { type TestContext } from '#test-support';
import { NEW_PW, passwordResetFixture, sessions } from './password-reset.fixture.js';

describe('password reset, choices and email link (MariaDB + Redis)', () => {
  const fx = passwordResetFixture();
  const { ctx, createAccount, outboxSince, lastOutboxId, startEmail, unknownWithEmail } = fx;
  let t: TestContext;
  let find: FindResetChannelsUseCase;
  let send: SendResetUseCase;
  let check: CheckResetTicketUseCase;
  let complete: CompleteResetUseCase;
  let ds: DataSource;
  before(() => ({ t, find, send, check, complete, ds } = fx.world()));

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
});
