import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  accountSubject,
  AttemptGate,
  CreateAccountUseCase,
  makeNationalId,
  PiiService,
  SignInFlow,
  START_STEP,
  type SignInNext,
  type SignInProgress,
  type SignInRequest,
} from '#identity-core';
import type { NotificationRequest } from '#notifications';
import {
  ConfirmTotpEnrolmentUseCase,
  DescribeSecondFactorsUseCase,
  EnableSmsCodesUseCase,
  OtpModule,
  RemoveSecondFactorUseCase,
  ResetSecondFactorsUseCase,
  StartTotpEnrolmentUseCase,
  TotpCodeWrong,
} from '#otp';
import { identityCoreContext, totpCode, type TestContext } from '#test-support';

const PW = 'a long and lovely passphrase';
const ctx = { ip: '10.9.8.7', userAgent: 'test', locale: 'zh-TW' as const };
const single: SignInRequest = { clientId: 'rp', acr: { acrValues: [] } };
const mfa: SignInRequest = { clientId: 'rp', acr: { acrValues: ['urn:edu-sso:acr:mfa'] } };
let seq = 0;

const progressOf = (n: SignInNext) => (n as { progress: SignInProgress }).progress;

describe('libs/otp against MariaDB and Redis: enrolment, sign-in, replay, counters, SMS codes', () => {
  let t: TestContext;
  let flow: SignInFlow;
  let gate: AttemptGate;
  let pii: PiiService;
  let db: DataSource;

  before(async () => {
    t = await identityCoreContext({
      imports: [
        OtpModule.forRootAsync({
          useFactory: () => ({
            secret: Buffer.alloc(32, 7),
            namespace: `otp-test-${Date.now()}`,
            accountUrl: 'https://sso.example.edu.tw/account',
          }),
        }) as never,
      ],
    });
    flow = t.app.get(SignInFlow);
    gate = t.app.get(AttemptGate);
    pii = t.app.get(PiiService);
    db = t.app.get(DataSource);
  });
  after(() => t?.close());

  async function person(opts: { phone?: boolean } = {}) {
    const n = ++seq;
    const username = `otp.user${n}`;
    const account = await t.app.get(CreateAccountUseCase).execute({
      username,
      password: PW,
      displayName: `使用者${n}`,
      nationalId: makeNationalId('E', '1', String(3000000 + n)),
      email: `otp${n}@example.edu.tw`,
      emailVerified: true,
      ...(opts.phone === false ? {} : { phone: `0955000${String(n).padStart(3, '0')}`, phoneVerified: true }),
      actor: 'test',
    });
    return { username, sub: account.sub, id: account.id, phone: account.phone };
  }

  async function outbox(since: number): Promise<NotificationRequest[]> {
    const rows: { payload_cipher: string }[] = await db.query(
      'SELECT payload_cipher FROM notification_outbox WHERE id > ? ORDER BY id',
      [since],
    );
    return rows.map((r) => JSON.parse(pii.decrypt(r.payload_cipher)) as NotificationRequest);
  }
  async function mark(): Promise<number> {
    const [row] = await db.query('SELECT COALESCE(MAX(id), 0) AS id FROM notification_outbox');
    return Number(row.id);
  }

  /** Enrols an authenticator app; returns its secret and the recovery codes. */
  async function enrolTotp(sub: string) {
    const h = { ...ctx, sub };
    const { secret } = await t.app.get(StartTotpEnrolmentUseCase).execute(h);
    const { recoveryCodes } = await t.app
      .get(ConfirmTotpEnrolmentUseCase)
      .execute(h, totpCode(secret, t.clock.now()));
    return { secret, recoveryCodes };
  }

  async function password(username: string, request = single): Promise<SignInNext> {
    return flow.complete('pwd', START_STEP, { login: username, password: PW }, null, request, ctx);
  }

  /** 一次性密碼登入 up to its code step: account name, then the way. */
  async function otpStart(login: string, via: string) {
    const a = await flow.begin('otp', null, single, ctx);
    assert.equal(a.next, 'show');
    const choose = await flow.complete('otp', 'account', { login }, progressOf(a), single, ctx);
    assert.equal(choose.next, 'show');
    const code = await flow.complete('otp', 'choose', { via }, progressOf(choose), single, ctx);
    assert.equal(code.next, 'show');
    const view = (n: SignInNext) => (n as { pending: { view: unknown } }).pending.view;
    return { choose: view(choose), code: view(code), progress: progressOf(code) };
  }

  const wrongFor = (right: string) => (right === '000000' ? '111111' : '000000');

  it('enrols an app: a wrong first code is refused, the right one gives ten recovery codes and a notice', async () => {
    const p = await person();
    const h = { ...ctx, sub: p.sub };
    const start = await t.app.get(StartTotpEnrolmentUseCase).execute(h);
    assert.match(start.uri, /^otpauth:\/\/totp\//);
    const [row] = await db.query(
      'SELECT pending_secret_cipher FROM otp_totp_credentials WHERE account_id = ?',
      [p.id],
    );
    assert.ok(!String(row.pending_secret_cipher).includes(start.secret), 'the secret is encrypted at rest');
    const before = await mark();
    const wrong = wrongFor(totpCode(start.secret, t.clock.now()));
    await assert.rejects(t.app.get(ConfirmTotpEnrolmentUseCase).execute(h, wrong), TotpCodeWrong);
    const { recoveryCodes } = await t.app
      .get(ConfirmTotpEnrolmentUseCase)
      .execute(h, totpCode(start.secret, t.clock.now()));
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    assert.deepEqual(
      (await outbox(before)).map((n) => [n.template, n.channel]),
      [
        ['security.method-added', 'email'],
        ['security.method-added', 'sms'],
      ],
    );
    const view = await t.app.get(DescribeSecondFactorsUseCase).bySub(p.sub);
    assert.ok(view.totp);
    assert.equal(view.recoveryCodesLeft, 10);
    const hashes: { code_hmac: string }[] = await db.query(
      'SELECT code_hmac FROM otp_recovery_codes WHERE account_id = ?',
      [p.id],
    );
    assert.equal(hashes.length, 10);
    assert.ok(hashes.every((r) => !recoveryCodes.some((c) => r.code_hmac.includes(c.replace('-', '')))));
  });

  it('password + app when the RP asks for mfa: amr pwd, otp, mfa; the same code again is refused (replay)', async () => {
    const p = await person({ phone: false });
    const { secret } = await enrolTotp(p.sub);
    t.clock.advance(30_000); // the enrolment used this step's code
    const first = await password(p.username, mfa);
    assert.equal(first.next, 'choose'); // the app or a recovery code
    const begun = await flow.begin('totp', progressOf(first), mfa, ctx);
    assert.equal(begun.next, 'show');
    const code = totpCode(secret, t.clock.now());
    const done = await flow.complete('totp', 'code', { code }, progressOf(begun), mfa, ctx);
    assert.deepEqual(done, {
      next: 'finish',
      accountSub: p.sub,
      amr: ['pwd', 'otp', 'mfa'],
      acr: 'urn:edu-sso:acr:mfa',
    });
    // The same code in another login (same time step): refused.
    const again = await password(p.username, mfa);
    const begun2 = await flow.begin('totp', progressOf(again), mfa, ctx);
    const replay = await flow.complete('totp', 'code', { code }, progressOf(begun2), mfa, ctx);
    assert.ok(replay.next === 'rejected' && replay.reason === 'invalid_credentials');
    // Without the request, a student signs in with the password only.
    assert.equal((await password(p.username)).next, 'finish');
  });

  it('一次性密碼登入 by the app and by a recovery code (each used once); counters apart from the password', async () => {
    const p = await person({ phone: false });
    const { secret, recoveryCodes } = await enrolTotp(p.sub);
    t.clock.advance(30_000);
    const subject = accountSubject(p.id);
    // Three wrong app codes: counted under totp only.
    for (let i = 0; i < 3; i++) {
      const s = await otpStart(p.username, 'totp');
      const code = wrongFor(totpCode(secret, t.clock.now()));
      assert.equal((await flow.complete('otp', 'code', { code }, s.progress, single, ctx)).next, 'rejected');
    }
    assert.equal((await gate.failures('totp', subject)).failures, 3);
    assert.equal((await gate.failures('pwd', subject)).failures, 0);
    assert.equal((await gate.failures('recovery', subject)).failures, 0);
    // A wrong password is the password's: the app still works.
    await flow.complete(
      'pwd',
      START_STEP,
      { login: p.username, password: 'not it at all' },
      null,
      single,
      ctx,
    );
    assert.equal((await gate.failures('pwd', subject)).failures, 1);
    const s = await otpStart(p.username, 'totp');
    const ok = await flow.complete(
      'otp',
      'code',
      { code: totpCode(secret, t.clock.now()) },
      s.progress,
      single,
      ctx,
    );
    assert.deepEqual(ok, {
      next: 'finish',
      accountSub: p.sub,
      amr: ['otp'],
      acr: 'urn:edu-sso:acr:password',
    });
    assert.equal((await gate.failures('totp', subject)).failures, 0);
    assert.equal(
      (await gate.failures('pwd', subject)).failures,
      1,
      'the app does not clear the password count',
    );
    // A recovery code, typed loosely, works once.
    const r1 = await otpStart(p.username, 'recovery');
    const typed = recoveryCodes[0]!.toLowerCase().replace('-', ' ');
    assert.equal(
      (await flow.complete('otp', 'code', { code: typed }, r1.progress, single, ctx)).next,
      'finish',
    );
    const r2 = await otpStart(p.username, 'recovery');
    const reused = await flow.complete('otp', 'code', { code: recoveryCodes[0]! }, r2.progress, single, ctx);
    assert.equal(reused.next, 'rejected');
    assert.equal((await t.app.get(DescribeSecondFactorsUseCase).bySub(p.sub)).recoveryCodesLeft, 9);
  });

  it('SMS codes: to the verified mobile, single use, five tries per code, 10 minutes, failures survive a new code', async () => {
    const p = await person();
    await t.app.get(EnableSmsCodesUseCase).execute({ ...ctx, sub: p.sub });
    const subject = accountSubject(p.id);
    const sent = async () => {
      const m = await mark();
      const s = await otpStart(p.username, 'sms');
      const [sms] = (await outbox(m)).filter((n) => n.template === 'sign-in.code');
      assert.ok(sms, 'a code was sent');
      assert.equal(sms.to, p.phone);
      assert.match(sms.data.code!, /^\d{6}$/);
      return { code: sms.data.code!, progress: s.progress, view: s.code as { notice?: { 'zh-TW': string } } };
    };
    const complete = (code: string, progress: SignInProgress) =>
      flow.complete('otp', 'code', { code }, progress, single, ctx);
    // Used once.
    const a = await sent();
    assert.ok(a.view.notice!['zh-TW'].includes(`09**-***-${p.phone!.slice(-3)}`), a.view.notice!['zh-TW']);
    assert.deepEqual(await complete(a.code, a.progress), {
      next: 'finish',
      accountSub: p.sub,
      amr: ['sms'],
      acr: 'urn:edu-sso:acr:password',
    });
    t.clock.advance(61_000);
    const b = await sent();
    assert.equal((await complete(a.code, b.progress)).next, 'rejected', 'the used code is gone');
    // Five wrong tries use the code up: the sixth, right, is refused.
    const wrong = wrongFor(b.code);
    for (let i = 0; i < 4; i++) assert.equal((await complete(wrong, b.progress)).next, 'rejected');
    assert.equal((await gate.failures('sms', subject)).failures, 5, 'the used code and four wrong ones');
    assert.equal((await complete(b.code, b.progress)).next, 'rejected', 'the sixth try, right, is refused');
    // A new code does not reset the failure count.
    t.clock.advance(61_000);
    const d = await sent();
    assert.equal((await gate.failures('sms', subject)).failures, 6);
    assert.equal((await gate.failures('totp', subject)).failures, 0);
    // Ten minutes later the code no longer works.
    t.clock.advance(10 * 60_000 + 1000);
    assert.equal((await complete(d.code, d.progress)).next, 'rejected');
    // Within 60 s of a code, a resend sends nothing and says when.
    const e = await sent();
    const m = await mark();
    const resend = await flow.complete('otp', 'code', { resend: '1' }, e.progress, single, ctx);
    assert.equal(resend.next, 'show');
    assert.deepEqual(await outbox(m), []);
  });

  it('an unknown name and an account with nothing enrolled get the same steps, a look-alike mask, no message, a refusal', async () => {
    const p = await person({ phone: false });
    const shapes = new Map<string, string[]>();
    for (const login of [p.username, 'no.such.person']) {
      for (const via of ['totp', 'sms', 'recovery']) {
        const m = await mark();
        const s = await otpStart(login, via);
        assert.deepEqual(await outbox(m), [], 'nothing is sent');
        const r = await flow.complete('otp', 'code', { code: '123456' }, s.progress, single, ctx);
        assert.ok(r.next === 'rejected' && r.reason === 'invalid_credentials');
        // The pages as drawn, with the three digits of a mask blanked.
        const shape = JSON.stringify([s.choose, s.code]).replace(/\*\*\*-\d{3}/g, '***-NNN');
        shapes.set(via, [...(shapes.get(via) ?? []), shape]);
      }
    }
    for (const [via, [known, unknown]] of shapes) assert.equal(known, unknown, via);
    // The look-alike mask is the same each time for a name.
    const x = await otpStart('no.such.person', 'sms');
    const y = await otpStart('no.such.person', 'sms');
    assert.equal(JSON.stringify(x.choose), JSON.stringify(y.choose));
    assert.match(JSON.stringify(x.choose), /09\*\*-\*\*\*-\d{3}/);
  });

  it('remove and the helpdesk reset: factors go, recovery codes with the last one, the holder is told', async () => {
    const p = await person();
    await enrolTotp(p.sub);
    await t.app.get(EnableSmsCodesUseCase).execute({ ...ctx, sub: p.sub });
    await t.app.get(RemoveSecondFactorUseCase).execute({ ...ctx, sub: p.sub }, 'totp');
    let view = await t.app.get(DescribeSecondFactorsUseCase).bySub(p.sub);
    assert.equal(view.totp, null);
    assert.equal(view.recoveryCodesLeft, 10, 'SMS is still there');
    const m = await mark();
    const { removed } = await t.app
      .get(ResetSecondFactorsUseCase)
      .execute({ login: p.username, reason: '手機遺失', actor: 'cli' });
    assert.deepEqual(removed, ['sms', 'recovery']);
    view = await t.app.get(DescribeSecondFactorsUseCase).bySub(p.sub);
    assert.deepEqual([view.totp, view.sms, view.recoveryCodesLeft], [null, null, 0]);
    assert.deepEqual(
      (await outbox(m)).map((n) => n.template),
      ['security.method-removed', 'security.method-removed'],
    );
    const [audit] = await db.query(
      `SELECT details FROM audit_events WHERE action = 'mfa.reset' ORDER BY id DESC LIMIT 1`,
    );
    const details = typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details;
    assert.equal(details.reason, '手機遺失');
  });
});
