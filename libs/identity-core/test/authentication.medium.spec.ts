import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  BRUTE_FORCE_OPTIONS,
  BruteForceGuard,
  ChangeAccountStatusUseCase,
  ClearLockoutUseCase,
  CreateAccountUseCase,
  PasswordAuthenticator,
  PasswordHasher,
  SessionTerminator,
  makeNationalId,
  parseArgon2Params,
  type AccountEntity,
  type AuthResult,
  type BruteForceOptions,
} from '#identity-core';
import { REDIS } from '#platform';
import { identityCoreContext, type TestContext } from '#test-support';

@Global()
@Module({
  providers: [{ provide: SessionTerminator, useValue: { terminateAll: async () => undefined } }],
  exports: [SessionTerminator],
})
class NoSessionsModule {}

const PW = 'correct horse battery staple';
const WRONG = 'wrong horse battery staple';

// Small permanent limit so the whole ladder fits in a test: 5 free, then 30 60 120 240 480 900 900, then permanent.
const POLICY: Partial<BruteForceOptions> = {
  namespace: `t-auth-${randomBytes(6).toString('hex')}`,
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 900,
  permanentLockAfter: 13,
  ipMaxFailures: 10,
  ipWindowSeconds: 300,
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

/** A result as a short string, e.g. `invalid_credentials`, `locked:30`, `locked` (permanent), `success`. */
function short(r: AuthResult): string {
  if (r.status === 'success') return 'success';
  return r.retryAfterSeconds === undefined ? r.reason : `${r.reason}:${r.retryAfterSeconds}`;
}

describe('password login and brute-force protection (MariaDB + Redis)', () => {
  let t: TestContext;
  let auth: PasswordAuthenticator;
  let guard: BruteForceGuard;
  let audit: AuditService;
  let accounts: AccountRepository;
  let ipSeq = 0;
  let nidSeq = 0;

  before(async () => {
    t = await identityCoreContext({
      imports: [NoSessionsModule as never], // disabling ends sessions; none exist here
      overrides: [{ provide: BRUTE_FORCE_OPTIONS, useValue: POLICY }],
    });
    auth = t.app.get(PasswordAuthenticator);
    guard = t.app.get(BruteForceGuard);
    audit = t.app.get(AuditService);
    accounts = t.app.get(AccountRepository);
  });

  after(async () => {
    // Permanent locks have no TTL: remove this run's keys from the shared Redis.
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`bf:${POLICY.namespace}:*`);
    if (keys.length) await redis.del(...keys);
    await t.close();
  });

  function createAccount(username: string): Promise<AccountEntity> {
    return t.app.get(CreateAccountUseCase).execute({
      username,
      password: PW,
      displayName: '測試帳號',
      nationalId: makeNationalId('B', '2', String(1000000 + ++nidSeq)),
      actor: 'test',
    });
  }

  /** Each call from a new IP unless one is given, so only the IP-limiter test meets the IP limit. */
  function login(name: string, password: string, ip?: string): Promise<AuthResult> {
    ip ??= `10.${(++ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
    return auth.verify({ login: name, password }, { ip, userAgent: 'medium-test' });
  }

  /** `count` wrong passwords, waiting out each lock in between (on the fake clock). */
  async function failRepeatedly(name: string, count: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await login(name, WRONG);
      out.push(short(r));
      if (r.status === 'failure' && r.retryAfterSeconds) t.clock.advance(r.retryAfterSeconds * 1000);
    }
    return out;
  }

  async function events(target: string): Promise<string[]> {
    return (await audit.forTarget(target)).map((e) => `${e.action}:${e.result}`);
  }

  it('refuses a wrong password, accepts the right one, and audits both without the password', async () => {
    const a = await createAccount('wrong.pw');
    assert.deepEqual(await login('wrong.pw', WRONG), { status: 'failure', reason: 'invalid_credentials' });
    const ok = await login('wrong.pw', PW);
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
    const rows = JSON.stringify(await t.app.get(DataSource).query('SELECT * FROM audit_events'));
    assert.ok(!rows.includes(PW) && !rows.includes(WRONG), 'no password in the audit log');
  });

  it('locks after freeFailures with a wait, refuses even the right password meanwhile, and the lock expires', async () => {
    const a = await createAccount('lock.expires');
    assert.deepEqual(await failRepeatedly('lock.expires', 5), FREE);
    assert.deepEqual(await login('lock.expires', WRONG), {
      status: 'failure',
      reason: 'locked',
      retryAfterSeconds: 30,
    });
    assert.equal(short(await login('lock.expires', PW)), 'locked:30');
    t.clock.advance(29_000);
    assert.equal(short(await login('lock.expires', PW)), 'locked:1');
    t.clock.advance(1_000);
    assert.equal(short(await login('lock.expires', PW)), 'success');

    const lock = (await audit.forTarget(`account:${a.sub}`)).find((e) => e.action === 'login.lock');
    assert.deepEqual(lock?.details, { factor: 'pwd', failures: 6, waitSeconds: 30 });
    // Refused attempts during the lock were not verified, counted or audited one by one.
    assert.deepEqual(await events(`account:${a.sub}`), [
      'login.password:success',
      'login.lock:success',
      ...Array<string>(6).fill('login.password:failure'),
      'account.create:success',
    ]);
  });

  it('doubles the wait with each further failure, up to the maximum', async () => {
    await createAccount('grows.wait');
    assert.deepEqual(await failRepeatedly('grows.wait', 12), [...FREE, ...LADDER]);
  });

  it('counts Name, NAME and name@mail.edu.tw as one account', async () => {
    await createAccount('case.mix');
    const spellings = ['Case.Mix', 'CASE.MIX', 'case.mix@mail.edu.tw', 'Case.Mix@MAIL.EDU.TW', ' case.mix '];
    for (const s of spellings) assert.equal(short(await login(s, WRONG)), 'invalid_credentials', s);
    assert.equal(short(await login('case.mix', WRONG)), 'locked:30');
    for (const s of spellings)
      assert.deepEqual(await guard.check('pwd', s), { allowed: false, retryAfterSeconds: 30 });
    assert.equal(short(await login('CASE.MIX@mail.edu.tw', PW)), 'locked:30');
  });

  it('locks for good after permanentLockAfter failures and moves the account to locked', async () => {
    const a = await createAccount('perm.lock');
    assert.deepEqual(await failRepeatedly('perm.lock', 13), [...FREE, ...LADDER, 'locked']);
    assert.equal((await accounts.findBySub(a.sub))!.status, 'locked');
    assert.deepEqual(await login('perm.lock', PW), { status: 'failure', reason: 'locked' });
    t.clock.advance(365 * 24 * 3600 * 1000);
    assert.deepEqual(await login('perm.lock', PW), { status: 'failure', reason: 'locked' });
    assert.deepEqual(await guard.check('pwd', 'perm.lock'), { allowed: false, retryAfterSeconds: null });

    const evs = await audit.forTarget(`account:${a.sub}`);
    assert.deepEqual(evs.find((e) => e.action === 'login.lock')?.details, {
      factor: 'pwd',
      failures: 13,
      permanent: true,
    });
    const statusChange = evs.find((e) => e.action === 'account.lock');
    assert.equal(statusChange?.actor, 'system:brute-force');
    assert.deepEqual(statusChange?.details, { from: 'active', to: 'locked', reason: 'too_many_failures' });
  });

  it('resets the counter on success', async () => {
    await createAccount('reset.ok');
    assert.deepEqual(await failRepeatedly('reset.ok', 4), FREE.slice(0, 4));
    assert.equal(short(await login('reset.ok', PW)), 'success');
    assert.deepEqual(await failRepeatedly('reset.ok', 6), [...FREE, 'locked:30']);
  });

  it('gives a non-existent account exactly the same sequence of results as an existing one', async () => {
    const a = await createAccount('real.one');
    const script = async (name: string) => {
      const out = await failRepeatedly(name, 14);
      out.push(short(await login(name, PW)));
      t.clock.advance(365 * 24 * 3600 * 1000);
      out.push(short(await login(name, PW)));
      return out;
    };
    const real = await script('real.one');
    assert.deepEqual(real, [...FREE, ...LADDER, 'locked', 'locked', 'locked', 'locked']);
    assert.deepEqual(await script('ghost.one'), real);
    // Not even a possible username (another mail domain): still its own counter, same answers.
    assert.deepEqual(await script('someone@gmail.com'), real);

    assert.equal((await accounts.findBySub(a.sub))!.status, 'locked');
    const ghost = await audit.forTarget('login:ghost.one');
    assert.equal(ghost.filter((e) => e.action === 'login.password').length, 13);
    assert.equal(ghost.filter((e) => e.action === 'login.lock').length, 8);
    assert.equal(ghost.at(-1)!.details?.['unknownAccount'], true);
    assert.ok(
      (await audit.forTarget('login:(invalid)')).length > 0,
      'an impossible login is audited without echoing it',
    );
  });

  it('keeps the otp counter apart from the password counter', async () => {
    await createAccount('otp.apart');
    let state;
    for (let i = 0; i < 20; i++) state = await guard.recordFailure('otp', 'otp.apart');
    assert.deepEqual(state, { failures: 20, lock: 'permanent' });
    assert.deepEqual(await guard.check('otp', 'OTP.Apart'), { allowed: false, retryAfterSeconds: null });
    // Failing the second factor never locks the password (nor the account).
    assert.deepEqual(await guard.check('pwd', 'otp.apart'), { allowed: true });
    assert.equal(short(await login('otp.apart', PW)), 'success');

    await createAccount('pwd.apart');
    for (let i = 0; i < 6; i++) await login('pwd.apart', WRONG);
    assert.deepEqual(await guard.check('pwd', 'pwd.apart'), { allowed: false, retryAfterSeconds: 30 });
    assert.deepEqual(await guard.check('otp', 'pwd.apart'), { allowed: true });
    assert.deepEqual(await guard.recordFailure('otp', 'pwd.apart'), { failures: 1, lock: 'none' });
    // A success of one factor resets only that factor.
    await guard.reset('otp', 'pwd.apart');
    assert.deepEqual(await guard.check('pwd', 'pwd.apart'), { allowed: false, retryAfterSeconds: 30 });
  });

  it('clears every counter and unlocks the account when an administrator clears the lockout', async () => {
    const a = await createAccount('clear.me');
    await failRepeatedly('clear.me', 13);
    for (let i = 0; i < 6; i++) await guard.recordFailure('otp', 'clear.me');
    assert.equal((await accounts.findBySub(a.sub))!.status, 'locked');
    assert.equal((await guard.check('otp', 'clear.me')).allowed, false);

    const res = await t.app
      .get(ClearLockoutUseCase)
      .execute({ login: 'Clear.Me@mail.edu.tw', actor: 'admin:test' });
    assert.deepEqual(res, { accountFound: true, unlocked: true });
    assert.deepEqual(await guard.check('pwd', 'clear.me'), { allowed: true });
    assert.deepEqual(await guard.check('otp', 'clear.me'), { allowed: true });
    assert.equal((await accounts.findBySub(a.sub))!.status, 'active');
    assert.equal(short(await login('clear.me', PW)), 'success');

    const evs = await audit.forTarget(`account:${a.sub}`);
    const cleared = evs.find((e) => e.action === 'account.lockout_cleared');
    assert.equal(cleared?.actor, 'admin:test');
    assert.deepEqual(cleared?.details, { unlocked: true });
    assert.equal(evs.find((e) => e.action === 'account.unlock')?.actor, 'admin:test');

    // Unknown logins have counters too, and clearing them works the same way.
    await failRepeatedly('ghost.two', 6);
    assert.deepEqual(
      await t.app.get(ClearLockoutUseCase).execute({ login: 'ghost.two', actor: 'admin:test' }),
      {
        accountFound: false,
        unlocked: false,
      },
    );
    assert.equal(short(await login('ghost.two', WRONG)), 'invalid_credentials');
  });

  it('rate-limits an IP after too many failures in its window, whatever the accounts', async () => {
    await createAccount('behind.nat');
    const ip = '192.0.2.7';
    for (let i = 0; i < 10; i++)
      assert.equal(short(await login(`spray.${i}`, WRONG, ip)), 'invalid_credentials');
    const limited = await login('behind.nat', PW, ip);
    assert.equal(limited.status === 'failure' && limited.reason, 'rate_limited');
    const wait = limited.status === 'failure' ? limited.retryAfterSeconds! : 0;
    assert.ok(wait >= 1 && wait <= 300, `retryAfter ${wait}`);
    assert.equal(short(await login('behind.nat', PW, '192.0.2.8')), 'success');
    const [row] = await t.app
      .get(DataSource)
      .query(`SELECT ip, details FROM audit_events WHERE action = 'login.rate_limited'`);
    assert.equal(row.ip, ip);
    t.clock.advance(wait * 1000);
    assert.equal(short(await login('behind.nat', PW, ip)), 'success');

    // IPv6 by /64; IPv4-mapped addresses as their IPv4 address.
    for (let i = 0; i < 10; i++) await guard.hitIp('2001:db8:1:2::1');
    assert.equal((await guard.checkIp('2001:DB8:1:2:ffff::9')).allowed, false);
    assert.equal((await guard.checkIp('2001:db8:1:3::1')).allowed, true);
    for (let i = 0; i < 10; i++) await guard.hitIp('::ffff:198.51.100.1');
    assert.equal((await guard.checkIp('198.51.100.1')).allowed, false);
  });

  it('refuses a disabled account only once the password is proven', async () => {
    const a = await createAccount('gone.away');
    await t.app
      .get(ChangeAccountStatusUseCase)
      .execute({ sub: a.sub, event: 'disable', actor: 'admin:test' });
    assert.equal(short(await login('gone.away', WRONG)), 'invalid_credentials');
    assert.equal(short(await login('gone.away', PW)), 'account_disabled');
    const [last] = await audit.forTarget(`account:${a.sub}`);
    assert.equal(`${last!.action}:${last!.result}`, 'login.password:failure');
    assert.deepEqual(last!.details, { reason: 'account_disabled', status: 'disabled' });
  });

  it('rehashes a password stored under old argon2 parameters on successful login', async () => {
    const a = await createAccount('old.hash');
    const current = t.app.get(PasswordHasher).options.memoryCost;
    const old = new PasswordHasher({ memoryCost: current / 2, timeCost: 2, parallelism: 1 });
    a.passwordHash = await old.hash(PW);
    await accounts.save(a);

    assert.equal(short(await login('old.hash', PW)), 'success');
    const rehashed = (await accounts.findBySub(a.sub))!.passwordHash!;
    assert.equal(parseArgon2Params(rehashed)?.memoryCost, current);
    assert.deepEqual((await audit.forTarget(`account:${a.sub}`))[0]!.details, { rehashed: true });

    assert.equal(short(await login('old.hash', PW)), 'success');
    assert.equal((await accounts.findBySub(a.sub))!.passwordHash, rehashed, 'no second rehash');
  });

  it('lets only one of many concurrent guesses through once the free failures are used', async () => {
    const a = await createAccount('race.me');
    await failRepeatedly('race.me', 5);
    const results = await Promise.all(Array.from({ length: 10 }, () => login('race.me', WRONG)));
    assert.deepEqual(new Set(results.map(short)), new Set(['locked:30']));
    const failures = (await audit.forTarget(`account:${a.sub}`)).filter((e) => e.action === 'login.password');
    assert.equal(failures.length, 6, 'only one of the concurrent guesses was verified');
  });
});
