import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AttemptGate,
  AuditService,
  ChangeAccountStatusUseCase,
  ClearLockoutUseCase,
  PasswordHasher,
  PiiService,
  accountSubject,
  parseArgon2Params,
  unknownLoginKey,
  type AttemptGateOptions,
} from '#identity-core';
import { LoginHarness, PW, WRONG, loginContext, nextIp, short } from './login-support.js';

// Small permanent limit so the whole ladder fits in a test: 5 free, then 30 60 120 240 480 900 900, then permanent.
const POLICY: Partial<AttemptGateOptions> = {
  namespace: `t-auth-${randomBytes(6).toString('hex')}`,
  sourceFreeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 900,
  accountFreeFailures: 12,
  permanentLockAfter: 13,
  ipMaxFailures: 1000,
};
const LADDER = [
  'locked:30',
  'locked:60',
  'locked:120',
  'locked:240',
  'locked:480',
  'locked:900',
  'locked:900',
];
const FREE = Array<string>(5).fill('invalid_credentials');

describe('password login and brute-force protection (MariaDB + Redis)', () => {
  let h: LoginHarness;
  let gate: AttemptGate;
  let audit: AuditService;
  let accounts: AccountRepository;
  let pseudonym: (login: string) => string;

  before(async () => {
    h = await loginContext(POLICY);
    gate = h.t.app.get(AttemptGate);
    audit = h.t.app.get(AuditService);
    accounts = h.t.app.get(AccountRepository);
    const pii = h.t.app.get(PiiService);
    pseudonym = (login) => pii.loginPseudonym(login);
  });

  after(() => h.close());

  async function events(target: string): Promise<string[]> {
    return (await audit.forTarget(target)).map((e) => `${e.action}:${e.result}`);
  }

  it('refuses a wrong password, accepts the right one, and audits both without the password', async () => {
    const a = await h.createAccount('wrong.pw');
    assert.deepEqual(await h.login('wrong.pw', WRONG, nextIp()), {
      status: 'failure',
      reason: 'invalid_credentials',
      attemptsLeft: h.t.app.get(AttemptGate).policy.sourceFreeFailures, // after this one failure
    });
    const ok = await h.login('wrong.pw', PW, nextIp());
    assert.equal(ok.status, 'success');
    assert.equal(ok.status === 'success' && ok.account.sub, a.sub);
    assert.deepEqual(ok.status === 'success' && ok.amr, ['pwd']);

    const target = `account:${a.sub}`;
    assert.deepEqual(await events(target), [
      'login.password:success',
      'login.password:failure',
      'account.create:success',
    ]);
    const [success, failure] = await audit.forTarget(target);
    assert.equal(failure!.actor, 'anonymous');
    assert.equal(success!.actor, target);
    assert.equal(failure!.userAgent, 'medium-test');
    assert.match(String(failure!.ip), /^10\./);
    const rows = JSON.stringify(await h.t.app.get(DataSource).query('SELECT * FROM audit_events'));
    assert.ok(!rows.includes(PW) && !rows.includes(WRONG), 'no password in the audit log');
  });

  it('makes one account wait after freeFailures from one IP, refuses even the right password from there, and the wait expires', async () => {
    const a = await h.createAccount('lock.expires');
    const ip = nextIp();
    assert.deepEqual(await h.failRepeatedly('lock.expires', 5, ip), FREE);
    assert.deepEqual(await h.login('lock.expires', WRONG, ip), {
      status: 'failure',
      reason: 'locked',
      retryAfterSeconds: 30,
    });
    assert.equal(short(await h.login('lock.expires', PW, ip)), 'locked:30');
    h.t.clock.advance(29_000);
    assert.equal(short(await h.login('lock.expires', PW, ip)), 'locked:1');
    h.t.clock.advance(1_000);
    assert.equal(short(await h.login('lock.expires', PW, ip)), 'success');

    const lock = (await audit.forTarget(`account:${a.sub}`)).find((e) => e.action === 'login.lock');
    assert.deepEqual(lock?.details, { factor: 'pwd', scope: 'source', failures: 6, waitSeconds: 30 });
    // Refused attempts during the wait were not verified, counted or audited one by one.
    assert.deepEqual(await events(`account:${a.sub}`), [
      'login.password:success',
      'login.lock:success',
      ...Array<string>(6).fill('login.password:failure'),
      'account.create:success',
    ]);
  });

  it('doubles the wait with each further failure, up to the maximum', async () => {
    await h.createAccount('grows.wait');
    assert.deepEqual(await h.failRepeatedly('grows.wait', 12, nextIp()), [...FREE, ...LADDER]);
  });

  it('counts every spelling that normalises to a name (case, domain, invisible characters, full width) as that account', async () => {
    const a = await h.createAccount('case.mix');
    const ip = nextIp();
    const spellings = [
      'Case.Mix',
      'CASE.MIX',
      'case.mix@mail.edu.tw',
      'Case.Mix@MAIL.EDU.TW',
      ' case.mix ',
      'case\u200B.mix', // zero-width space
      'case.mix\u0000', // trailing NUL
      'ｃａｓｅ．ｍｉｘ', // full-width, as a Chinese IME types it
    ];
    for (const s of spellings.slice(0, 5))
      assert.equal(short(await h.login(s, WRONG, ip)), 'invalid_credentials', s);
    assert.equal(short(await h.login(spellings[5]!, WRONG, ip)), 'locked:30');
    for (const s of spellings) assert.equal(short(await h.login(s, PW, ip)), 'locked:30', s);
    assert.deepEqual(await gate.failures('pwd', accountSubject(a.id)), { failures: 6, permanent: false });
    assert.equal(short(await h.login(spellings[7]!, PW, nextIp())), 'success');
  });

  it('refuses look-alikes of a name as unknown logins instead of matching them (ŝ, accents, combining marks, Cyrillic)', async () => {
    const a = await h.createAccount('sx.lookalike');
    const lookAlikes = [
      'ŝx.lookalike',
      's\u0302x.lookalike',
      'sx.lookalikë',
      'sx.lookalike\u00A0x',
      '\u0455x.lookalike', // Cyrillic dze
      'sx.look alike',
    ];
    for (const s of lookAlikes) assert.equal(short(await h.login(s, PW, nextIp())), 'invalid_credentials', s);
    // Counted and audited as unknown logins (by keyed hash; `ŝ` and `s` + U+0302 are one after NFKC).
    const targets = [...new Set(lookAlikes.map((s) => `login:${pseudonym(unknownLoginKey(s))}`))];
    assert.equal(targets.length, 5);
    let failures = 0;
    for (const target of targets) failures += (await audit.forTarget(target)).length;
    assert.equal(failures, lookAlikes.length);
    assert.deepEqual(await events(`account:${a.sub}`), ['account.create:success'], 'never matched');
    assert.equal(short(await h.login('sx.lookalike', PW, nextIp())), 'success');
  });

  it('locks for good after permanentLockAfter failures and moves the account to locked', async () => {
    const a = await h.createAccount('perm.lock');
    assert.deepEqual(await h.failRepeatedly('perm.lock', 13, nextIp()), [...FREE, ...LADDER, 'locked']);
    assert.equal((await accounts.findBySub(a.sub))!.status, 'locked');
    // From anywhere, captcha or not.
    assert.deepEqual(await h.login('perm.lock', PW, nextIp(), true), { status: 'failure', reason: 'locked' });
    h.t.clock.advance(365 * 24 * 3600 * 1000);
    assert.deepEqual(await h.login('perm.lock', PW, nextIp()), { status: 'failure', reason: 'locked' });
    assert.deepEqual(await gate.failures('pwd', accountSubject(a.id)), { failures: 13, permanent: true });

    const evs = await audit.forTarget(`account:${a.sub}`);
    assert.deepEqual(evs.find((e) => e.action === 'login.lock')?.details, {
      factor: 'pwd',
      scope: 'account',
      failures: 13,
      permanent: true,
    });
    const statusChange = evs.find((e) => e.action === 'account.lock');
    assert.equal(statusChange?.actor, 'system:brute-force');
    assert.deepEqual(statusChange?.details, { from: 'active', to: 'locked', reason: 'too_many_failures' });
  });

  it('resets the counter on success', async () => {
    await h.createAccount('reset.ok');
    const ip = nextIp();
    assert.deepEqual(await h.failRepeatedly('reset.ok', 4, ip), FREE.slice(0, 4));
    assert.equal(short(await h.login('reset.ok', PW, ip)), 'success');
    assert.deepEqual(await h.failRepeatedly('reset.ok', 6, ip), [...FREE, 'locked:30']);
  });

  it('gives a non-existent account exactly the same sequence of results as an existing one, and never stores what was typed', async () => {
    const a = await h.createAccount('real.one');
    const script = async (name: string) => {
      const ip = nextIp();
      const out = await h.failRepeatedly(name, 14, ip);
      out.push(short(await h.login(name, PW, ip)));
      h.t.clock.advance(365 * 24 * 3600 * 1000);
      out.push(short(await h.login(name, PW, ip)));
      return out;
    };
    const real = await script('real.one');
    assert.deepEqual(real, [...FREE, ...LADDER, 'locked', 'locked', 'locked', 'locked']);
    assert.deepEqual(await script('ghost.one'), real);
    // Not even a possible username (another mail domain, a national ID, a password in the wrong box).
    for (const typed of ['someone@gmail.com', 'A123456789', 'My Secret Pass 42!'])
      assert.deepEqual(await script(typed), real, typed);

    assert.equal((await accounts.findBySub(a.sub))!.status, 'locked');
    const ghost = await audit.forTarget(`login:${pseudonym('ghost.one')}`);
    assert.equal(ghost.filter((e) => e.action === 'login.password').length, 13);
    assert.equal(ghost.filter((e) => e.action === 'login.lock').length, 8);
    assert.equal(ghost.at(-1)!.details?.['unknownAccount'], true);
    assert.equal((await audit.forTarget(`login:${pseudonym('my secret pass 42!')}`)).length, 21);
    // The audit trail is append-only: what was typed in the login field must never reach it.
    const rows = JSON.stringify(await h.t.app.get(DataSource).query('SELECT * FROM audit_events'));
    for (const typed of ['ghost.one', 'gmail', 'A123456789', 'a123456789', 'Secret', 'secret'])
      assert.ok(!rows.includes(typed), `audit rows hold ${typed}`);
  });

  it('clears every counter and unlocks the account when an administrator clears the lockout', async () => {
    const a = await h.createAccount('clear.me');
    await h.failRepeatedly('clear.me', 13, nextIp());
    const otp = await gate.begin({ factor: 'otp', subject: accountSubject(a.id), ip: nextIp() });
    assert.ok(otp.allowed);
    await otp.fail();
    assert.equal((await accounts.findBySub(a.sub))!.status, 'locked');

    const res = await h.t.app
      .get(ClearLockoutUseCase)
      .execute({ login: 'Clear.Me@mail.edu.tw', actor: 'admin:test' });
    assert.deepEqual(res, { accountFound: true, unlocked: true });
    assert.deepEqual(await gate.failures('pwd', accountSubject(a.id)), { failures: 0, permanent: false });
    assert.deepEqual(await gate.failures('otp', accountSubject(a.id)), { failures: 0, permanent: false });
    assert.equal((await accounts.findBySub(a.sub))!.status, 'active');
    assert.equal(short(await h.login('clear.me', PW, nextIp())), 'success');

    const evs = await audit.forTarget(`account:${a.sub}`);
    const cleared = evs.find((e) => e.action === 'account.lockout_cleared');
    assert.equal(cleared?.actor, 'admin:test');
    assert.deepEqual(cleared?.details, { unlocked: true });
    assert.equal(evs.find((e) => e.action === 'account.unlock')?.actor, 'admin:test');

    // Unknown logins have counters too, and clearing them works the same way (audited by keyed hash).
    const ip = nextIp();
    await h.failRepeatedly('ghost.two', 6, ip);
    assert.deepEqual(
      await h.t.app.get(ClearLockoutUseCase).execute({ login: 'Ghost.Two', actor: 'admin:test' }),
      { accountFound: false, unlocked: false },
    );
    assert.equal(short(await h.login('ghost.two', WRONG, ip)), 'invalid_credentials');
    const ghost = await audit.forTarget(`login:${pseudonym('ghost.two')}`);
    assert.ok(ghost.some((e) => e.action === 'account.lockout_cleared' && e.actor === 'admin:test'));
  });

  it('refuses a disabled account only once the password is proven', async () => {
    const a = await h.createAccount('gone.away');
    await h.t.app
      .get(ChangeAccountStatusUseCase)
      .execute({ sub: a.sub, event: 'disable', actor: 'admin:test' });
    assert.equal(short(await h.login('gone.away', WRONG, nextIp())), 'invalid_credentials');
    assert.equal(short(await h.login('gone.away', PW, nextIp())), 'account_disabled');
    const [last] = await audit.forTarget(`account:${a.sub}`);
    assert.equal(`${last!.action}:${last!.result}`, 'login.password:failure');
    assert.deepEqual(last!.details, { reason: 'account_disabled', status: 'disabled' });
  });

  it('rehashes a password stored under old argon2 parameters on successful login', async () => {
    const a = await h.createAccount('old.hash');
    const current = h.t.app.get(PasswordHasher).options.memoryCost;
    const old = new PasswordHasher({ memoryCost: current / 2, timeCost: 2, parallelism: 1 });
    await accounts.rehashPassword(a.id, await old.hash(PW));

    assert.equal(short(await h.login('old.hash', PW, nextIp())), 'success');
    const rehashed = (await accounts.findBySub(a.sub))!.passwordHash!;
    assert.equal(parseArgon2Params(rehashed)?.memoryCost, current);
    assert.deepEqual((await audit.forTarget(`account:${a.sub}`))[0]!.details, { rehashed: true });

    assert.equal(short(await h.login('old.hash', PW, nextIp())), 'success');
    assert.equal((await accounts.findBySub(a.sub))!.passwordHash, rehashed, 'no second rehash');
  });

  it('lets only one of many concurrent guesses through once the free failures are used', async () => {
    const a = await h.createAccount('race.me');
    const ip = nextIp();
    await h.failRepeatedly('race.me', 5, ip);
    const results = await Promise.all(Array.from({ length: 10 }, () => h.login('race.me', WRONG, ip)));
    assert.deepEqual(new Set(results.map(short)), new Set(['locked:30']));
    const failures = (await audit.forTarget(`account:${a.sub}`)).filter((e) => e.action === 'login.password');
    assert.equal(failures.length, 6, 'only one of the concurrent guesses was verified');
  });
});
