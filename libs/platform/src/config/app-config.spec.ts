import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './env.js';
import { readAppConfig } from './app-config.js';
import { identityCoreOptions } from '../infrastructure.js';

const PROD_SECRETS = {
  NODE_ENV: 'production',
  ISSUER: 'https://sso.example.edu.tw',
  PII_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
  BLIND_INDEX_KEY: Buffer.alloc(32, 3).toString('base64'),
  GUID_KEY: Buffer.alloc(32, 4).toString('base64'),
  COOKIE_KEYS: 'a-long-cookie-signing-key-of-more-than-32-chars',
};

function problems(env: Record<string, string>): string[] {
  try {
    readAppConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
  return [];
}

describe('app config', () => {
  it('has working development defaults for every variable', () => {
    const c = readAppConfig({});
    assert.equal(c.nodeEnv, 'development');
    assert.equal(c.databaseUrl, 'mysql://root@127.0.0.1:3306/edusso');
    assert.equal(c.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(c.idpPort, 3000);
    assert.equal(c.adminPort, 3001);
    assert.equal(c.issuer, 'http://localhost:3000');
    assert.equal(c.seedDemo, true);
    assert.equal(c.captchaEnabled, true);
    // The per-IP sign-in budget (README "Lockout and throttling").
    assert.equal(c.loginIpMaxFailures, 500);
    assert.equal(c.loginIpCreditPerAccount, 5);
  });

  it('passes the sign-in budget to the attempt gate and leaves its permanent lock at the default', () => {
    const c = readAppConfig({ LOGIN_IP_MAX_FAILURES: '800', LOGIN_IP_CREDIT_PER_ACCOUNT: '0' });
    const gate = identityCoreOptions(c).attemptGate;
    assert.deepEqual(gate, { namespace: 'edusso', ipMaxFailures: 800, ipCreditPerAccount: 0 });
    assert.deepEqual(
      problems({ LOGIN_IP_CREDIT_PER_ACCOUNT: '-1' }).map((l) => l.split(':')[0]),
      ['LOGIN_IP_CREDIT_PER_ACCOUNT'],
    );
  });

  it('reports one line per bad variable, naming it', () => {
    const p = problems({
      IDP_PORT: 'abc',
      DATABASE_URL: 'postgres://x',
      CAPTCHA_ENABLED: 'maybe',
      PII_KEYS: 'nope',
    });
    assert.deepEqual(p.map((l) => l.split(':')[0]).sort(), [
      'CAPTCHA_ENABLED',
      'DATABASE_URL',
      'IDP_PORT',
      'PII_KEYS',
    ]);
    assert.ok(p.every((l) => !l.includes('\n')));
  });

  it('refuses development secrets, http issuers and disabled captcha in production', () => {
    const p = problems({ NODE_ENV: 'production' });
    for (const v of ['PII_KEYS', 'BLIND_INDEX_KEY', 'GUID_KEY', 'COOKIE_KEYS', 'ISSUER'])
      assert.ok(
        p.some((l) => l.startsWith(`${v}:`)),
        `${v} refused`,
      );
    assert.deepEqual(problems({ ...PROD_SECRETS, CAPTCHA_ENABLED: 'false' }), [
      'CAPTCHA_ENABLED: cannot be false in production',
    ]);
    const c = readAppConfig(PROD_SECRETS);
    assert.equal(c.production, true);
    assert.equal(c.seedDemo, false);
    assert.equal(c.allowPrivateNetworkFetch, false);
  });

  it('refuses the published development keys in production also when set explicitly', () => {
    const devPii = 'ZGV2LW9ubHktcGlpLWtleS1kby1ub3QtdXNlLTMyYnk=';
    const devBlind = 'ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyYnl0ZXM=';
    const devGuid = 'ZGV2LW9ubHktZ3VpZC1rZXktZG8tbm90LXVzZS0zMmI=';
    const refused = (over: Record<string, string>) =>
      problems({ ...PROD_SECRETS, ...over }).filter((l) => l.includes('development key'));
    for (const [name, value] of [
      ['PII_KEYS', `dev1:${devPii}`],
      // The same key under another id, in url-safe base64, or kept as an old key.
      ['PII_KEYS', `prod:${Buffer.from(devPii, 'base64').toString('base64url')}`],
      ['PII_KEYS', `${PROD_SECRETS.PII_KEYS},dev1:${devPii}`],
      ['BLIND_INDEX_KEY', devBlind],
      ['BLIND_INDEX_KEY', devGuid],
      ['GUID_KEY', devGuid],
      ['GUID_KEY', devPii],
      ['COOKIE_KEYS', 'dev-only-cookie-key-change-me-0000000000'],
      ['COOKIE_KEYS', `${PROD_SECRETS.COOKIE_KEYS},dev-only-cookie-key-change-me-0000000000`],
    ] as const)
      assert.deepEqual(
        refused({ [name]: value }),
        [`${name}: a published development key is refused in production`],
        `${name}=${value}`,
      );
    assert.deepEqual(problems(PROD_SECRETS), []);
    // Outside production the defaults are what development runs on.
    assert.doesNotThrow(() =>
      readAppConfig({ NODE_ENV: 'test', PII_KEYS: `dev1:${devPii}`, BLIND_INDEX_KEY: devBlind }),
    );
  });

  it('never echoes a secret value in a problem line', () => {
    const secret = 'k1:c2VjcmV0LXZhbHVlLXRoYXQtaXMtdG9vLXNob3J0';
    const p = problems({ PII_KEYS: secret, BLIND_INDEX_KEY: 'c2VjcmV0' });
    assert.ok(p.length >= 2);
    assert.ok(p.every((l) => !l.includes('c2VjcmV0')));
  });
});
