import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  ActivationFailed,
  ChooseCredentialsUseCase,
  CompleteActivationUseCase,
  DescribeFlowUseCase,
  FlowExpired,
  ImportAccountsUseCase,
  IssueActivationCodesUseCase,
  ProveIdentityUseCase,
  RegisterContactsUseCase,
  ResendContactCodeUseCase,
  VerifyContactsUseCase,
} from '#activation';
import {
  AccountRepository,
  PasswordAuthenticator,
  TooManyAttempts,
  ValidationFailed,
  makeNationalId,
  type DomainError,
} from '#identity-core';
import type { TestContext } from '#test-support';
import { activationContext, HEADER, lastCode, outbox } from './support.js';

const ctx = { ip: '203.0.113.7', userAgent: 'test' };
const people = Array.from({ length: 6 }, (_, i) =>
  makeNationalId('H', i % 2 ? '2' : '1', String(2000001 + i)),
);
const ROSTER = [
  HEADER,
  ...people.map((id, i) => `${id},學生${i},2011-05-1${i},074601,學生,3,05,三年五班,114,1`),
].join('\n');
const problems = (e: unknown) => (e as ValidationFailed).problems.map((p) => `${p.field}:${p.code}`);

describe('activation (啟用教育雲端帳號) against MariaDB and Redis', () => {
  let t: TestContext;
  let codes: Map<string, string>;
  let prove: ProveIdentityUseCase;
  before(async () => {
    t = await activationContext({ sourceFreeFailures: 3, ipMaxFailures: 1000 });
    await t.app.get(ImportAccountsUseCase).execute({ content: Buffer.from(ROSTER), actor: 'test' });
    const issued = await t.app
      .get(IssueActivationCodesUseCase)
      .execute({ schoolId: '074601', actor: 'test' });
    codes = new Map(issued.issued.map((c) => [c.name, c.code]));
    prove = t.app.get(ProveIdentityUseCase);
  });
  after(() => t.close());

  const identity = (
    i: number,
    over: Partial<{ nationalId: string; birthDate: string; code: string }> = {},
  ) => ({
    nationalId: people[i]!,
    birthDate: `2011-05-1${i}`,
    code: codes.get(`學生${i}`)!,
    ...over,
  });

  it('malformed input gets field problems, before anything is counted or looked up', async () => {
    await assert.rejects(
      prove.execute({ nationalId: 'A12345678', birthDate: '2011/02/30', code: 'ABC' }, ctx),
      (e) => {
        assert.deepEqual(problems(e), ['nationalId:format', 'birthDate:invalid', 'code:format']);
        return true;
      },
    );
    await assert.rejects(prove.execute(identity(0, { nationalId: 'A123456788' }), ctx), (e) => {
      assert.deepEqual(problems(e), ['nationalId:checksum']);
      return true;
    });
  });

  it('wrong, unknown, expired, revoked: one ActivationFailed, whoever it is', async () => {
    const unknown = makeNationalId('Z', '1', '9999999');
    const cases = [
      identity(0, { code: 'ABCDE-23456' }), // wrong code
      identity(0, { birthDate: '2011-05-11' }), // wrong birth date
      identity(0, { code: codes.get('學生1') }), // someone else's code
      identity(0, { nationalId: unknown }), // nobody has this ID
    ];
    const messages = new Set<string>();
    for (const c of cases)
      await assert.rejects(prove.execute(c, ctx), (e) => {
        assert.ok(e instanceof ActivationFailed);
        messages.add(`${(e as DomainError).code}|${(e as Error).message}`);
        return true;
      });
    assert.equal(messages.size, 1);
    const audit = await t.app
      .get(DataSource)
      .query(
        `SELECT JSON_UNQUOTE(JSON_EXTRACT(details, '$.reason')) AS reason FROM audit_events WHERE action = 'activation.identity' ORDER BY id`,
      );
    assert.deepEqual(
      audit.map((a: { reason: string }) => a.reason),
      ['unknown_code', 'birth_date', 'code_of_another_account', 'unknown_account'],
      'the helpdesk can see why; the person cannot',
    );
  });

  it('attempts are limited per national ID, for unknown IDs exactly as for real ones', async () => {
    const unknown = makeNationalId('Y', '2', '8888888');
    for (const nationalId of [people[5]!, unknown]) {
      const wrong = { ...identity(5, { code: 'ZZZZZ-ZZZZZ' }), nationalId };
      for (let i = 0; i < 4; i++) await assert.rejects(prove.execute(wrong, ctx), ActivationFailed);
      await assert.rejects(prove.execute(wrong, ctx), (e) => {
        assert.ok(e instanceof TooManyAttempts);
        assert.ok(e.retryAfterSeconds! > 0);
        return true;
      });
    }
    // Even the right code waits until the lock ends.
    await assert.rejects(prove.execute(identity(5), ctx), TooManyAttempts);
    t.clock.advance(60_000);
    assert.ok((await prove.execute(identity(5), ctx)).token);
  });

  it('an expired code fails like any other, until the school issues a new one', async () => {
    t.clock.advance(31 * 86_400_000);
    await assert.rejects(prove.execute(identity(4), ctx), ActivationFailed);
    const fresh = await t.app
      .get(IssueActivationCodesUseCase)
      .execute({ schoolId: '074601', actor: 'test', nationalId: people[4] });
    codes.set('學生4', fresh.issued[0]!.code);
    assert.ok((await prove.execute(identity(4), ctx)).token);
    // The earlier tests' codes expired too: give everybody fresh ones.
    const all = await t.app.get(IssueActivationCodesUseCase).execute({ schoolId: '074601', actor: 'test' });
    for (const c of all.issued) codes.set(c.name, c.code);
  });

  it('whole flow: identity → username and password → email and phone codes → active, can log in', async () => {
    const { token } = await prove.execute(identity(0, { code: codes.get('學生0')!.toLowerCase() }), ctx);
    const describe = t.app.get(DescribeFlowUseCase);
    assert.deepEqual((await describe.activation(token))?.step, 'credentials');
    assert.equal((await describe.activation(token))?.name, '學生0');
    assert.equal(await describe.activation('x'.repeat(43)), null);

    const choose = t.app.get(ChooseCredentialsUseCase);
    const creds = {
      token,
      username: 'wang.xiaoming',
      password: 'a long and happy passphrase',
      passwordConfirm: '',
    };
    for (const [over, expected] of [
      [{ username: 'admin' }, ['username:reserved']],
      [{ username: '1abc' }, ['username:format']],
      [{ username: 'ab' }, ['username:format']],
      [{ username: '' }, ['username:empty']],
      [{ password: 'password' }, ['password:common']],
      [{ password: 'xq7#z' }, ['password:too_short']],
      [{ password: `${people[0]} x` }, ['password:contains_context']],
      [{ password: 'x 20110510 y z' }, ['password:contains_context']],
      [{ passwordConfirm: 'different' }, ['passwordConfirm:mismatch']],
    ] as const) {
      const cmd = { ...creds, passwordConfirm: creds.password, ...over };
      if (!('passwordConfirm' in over)) cmd.passwordConfirm = cmd.password;
      await assert.rejects(choose.execute(cmd), (e) => {
        assert.deepEqual(problems(e), expected, JSON.stringify(over));
        return true;
      });
    }
    await choose.execute({
      ...creds,
      username: 'Wang.XiaoMing@mail.edu.tw',
      passwordConfirm: creds.password,
    });
    assert.equal((await describe.activation(token))?.username, 'wang.xiaoming');

    const register = t.app.get(RegisterContactsUseCase);
    await assert.rejects(register.execute({ token, email: '', phone: '', locale: 'zh-TW' }), (e) => {
      assert.deepEqual(problems(e), ['contact:required']);
      return true;
    });
    await assert.rejects(register.execute({ token, email: 'nope', phone: '12345', locale: 'zh-TW' }), (e) => {
      assert.deepEqual(problems(e), ['email:format', 'phone:format']);
      return true;
    });
    const r = await register.execute({
      token,
      email: 'Wang@Example.com',
      phone: '0912-345-678',
      locale: 'en',
    });
    assert.equal(r.allVerified, false);
    const sent = (await outbox(t)).filter((m) => m.to === 'wang@example.com' || m.to === '0912345678');
    assert.deepEqual(
      sent.map((m) => [m.channel, m.template, m.locale, m.data.minutes]),
      [
        ['email', 'contact.verify-email', 'en', '10'],
        ['sms', 'contact.verify-phone', 'en', '10'],
      ],
    );
    const emailCode = await lastCode(t, 'wang@example.com', 'contact.verify-email');
    const phoneCode = await lastCode(t, '0912345678', 'contact.verify-phone');
    assert.match(emailCode, /^\d{6}$/);

    const verify = t.app.get(VerifyContactsUseCase);
    const wrong = emailCode === '000000' ? '111111' : '000000';
    let v = await verify.execute({ kind: 'activation', token, codes: { email: wrong, phone: '12' } });
    assert.deepEqual(v.results, [
      { channel: 'email', result: 'wrong', remainingTries: 4 },
      { channel: 'phone', result: 'format' },
    ]);
    v = await verify.execute({ kind: 'activation', token, codes: { email: emailCode } });
    assert.deepEqual(v, { results: [{ channel: 'email', result: 'verified' }], allVerified: false });

    // The SMS code expires after 10 minutes; a new one works (and wrong tries still count).
    t.clock.advance(10 * 60_000 + 1);
    v = await verify.execute({ kind: 'activation', token, codes: { phone: phoneCode } });
    assert.deepEqual(v.results, [{ channel: 'phone', result: 'expired' }]);
    await t.app
      .get(ResendContactCodeUseCase)
      .execute({ kind: 'activation', token, channel: 'phone', locale: 'en' });
    const phoneCode2 = await lastCode(t, '0912345678', 'contact.verify-phone');
    v = await verify.execute({ kind: 'activation', token, codes: { phone: phoneCode } });
    assert.equal(v.results[0]?.result, phoneCode === phoneCode2 ? 'verified' : 'wrong');
    v = await verify.execute({ kind: 'activation', token, codes: { phone: phoneCode2 } });
    assert.equal(v.allVerified, true);

    const done = await t.app.get(CompleteActivationUseCase).execute({ token }, ctx);
    assert.deepEqual(done, { username: 'wang.xiaoming' });
    const account = (await t.app.get(AccountRepository).findByNationalId(people[0]!))!;
    assert.equal(account.status, 'active');
    assert.equal(account.username, 'wang.xiaoming');
    assert.deepEqual(
      [account.email, account.emailVerified, account.phone, account.phoneVerified],
      ['wang@example.com', true, '0912345678', true],
    );
    const login = await t.app
      .get(PasswordAuthenticator)
      .verify({ login: 'wang.xiaoming@mail.edu.tw', password: 'a long and happy passphrase' }, ctx);
    assert.equal(login.status, 'success');
    assert.equal((await describe.activation(token))?.step, 'done');
    const [code] = await t.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM activation_codes WHERE account_id = ? AND used_at IS NOT NULL', [
        account.id,
      ]);
    assert.equal(Number(code.n), 1);
    const audit = await t.app
      .get(DataSource)
      .query(`SELECT result FROM audit_events WHERE action = 'account.activate' AND target = ?`, [
        `account:${account.sub}`,
      ]);
    assert.deepEqual(audit, [{ result: 'success' }]);

    // Reused: the code is spent and the account is no longer pending.
    await assert.rejects(prove.execute(identity(0), ctx), ActivationFailed);
    await assert.rejects(choose.execute({ ...creds, passwordConfirm: creds.password }), FlowExpired);
  });

  it('five wrong codes end the channel even for the right code; a new code does not reset the count', async () => {
    const { token } = await prove.execute(identity(1), ctx);
    await t.app.get(ChooseCredentialsUseCase).execute({
      token,
      username: 'student.one',
      password: 'correct horse battery staple',
      passwordConfirm: 'correct horse battery staple',
    });
    await t.app
      .get(RegisterContactsUseCase)
      .execute({ token, email: 'one@example.com', phone: '', locale: 'zh-TW' });
    const code = await lastCode(t, 'one@example.com', 'contact.verify-email');
    const wrong = code === '999999' ? '888888' : '999999';
    const verify = t.app.get(VerifyContactsUseCase);
    const seen = [];
    for (let i = 0; i < 3; i++)
      seen.push((await verify.execute({ kind: 'activation', token, codes: { email: wrong } })).results[0]);
    await t.app
      .get(ResendContactCodeUseCase)
      .execute({ kind: 'activation', token, channel: 'email', locale: 'zh-TW' });
    for (let i = 0; i < 2; i++)
      seen.push((await verify.execute({ kind: 'activation', token, codes: { email: wrong } })).results[0]);
    assert.deepEqual(
      seen.map((s) => (s?.result === 'wrong' ? s.remainingTries : s?.result)),
      [4, 3, 2, 1, 'too_many_tries'],
    );
    const fresh = await lastCode(t, 'one@example.com', 'contact.verify-email');
    const last = await verify.execute({ kind: 'activation', token, codes: { email: fresh } });
    assert.equal(last.results[0]?.result, 'too_many_tries');
    await assert.rejects(t.app.get(CompleteActivationUseCase).execute({ token }, ctx), FlowExpired);
  });

  it('a code proven in two browsers activates the account only once', async () => {
    const finish = async (username: string) => {
      const { token } = await prove.execute(identity(2), ctx);
      await t.app.get(ChooseCredentialsUseCase).execute({
        token,
        username,
        password: 'correct horse battery staple',
        passwordConfirm: 'correct horse battery staple',
      });
      await t.app
        .get(RegisterContactsUseCase)
        .execute({ token, email: `${username}@example.com`, phone: '', locale: 'zh-TW' });
      const code = await lastCode(t, `${username}@example.com`, 'contact.verify-email');
      await t.app.get(VerifyContactsUseCase).execute({ kind: 'activation', token, codes: { email: code } });
      return token;
    };
    const a = await finish('student.two');
    const b = await finish('student.two.b');
    await t.app.get(CompleteActivationUseCase).execute({ token: a }, ctx);
    await assert.rejects(t.app.get(CompleteActivationUseCase).execute({ token: b }, ctx), ActivationFailed);
    assert.equal((await t.app.get(AccountRepository).findByNationalId(people[2]!))?.username, 'student.two');
  });

  it('a username taken meanwhile sends the person back to choose another', async () => {
    const { token } = await prove.execute(identity(3), ctx);
    await t.app.get(ChooseCredentialsUseCase).execute({
      token,
      username: 'student.three',
      password: 'correct horse battery staple',
      passwordConfirm: 'correct horse battery staple',
    });
    await t.app
      .get(RegisterContactsUseCase)
      .execute({ token, email: 'three@example.com', phone: '', locale: 'zh-TW' });
    await t.app.get(VerifyContactsUseCase).execute({
      kind: 'activation',
      token,
      codes: { email: await lastCode(t, 'three@example.com', 'contact.verify-email') },
    });
    // Someone else activates with that name first.
    await t.app
      .get(DataSource)
      .query(`UPDATE accounts SET username = 'student.three' WHERE username = 'student.two'`);
    await assert.rejects(t.app.get(CompleteActivationUseCase).execute({ token }, ctx), (e) => {
      assert.deepEqual(problems(e), ['username:taken']);
      return true;
    });
    const view = await t.app.get(DescribeFlowUseCase).activation(token);
    assert.deepEqual([view?.step, view?.username], ['credentials', null]);
  });
});
