import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLoginTransaction, type LoginTransaction } from './login-transaction.js';

const valid: LoginTransaction = {
  v: 1,
  provider: 'tn',
  kind: 'oidc',
  issuer: 'https://tn.sso.edu.tw',
  state: 's'.repeat(43),
  nonce: 'n'.repeat(43),
  codeVerifier: 'v'.repeat(43),
  redirectUri: 'https://sso.edu.tw/cncreturnpage',
  returnTo: 'interaction-uid',
  createdAt: 1_700_000_000_000,
};

describe('parseLoginTransaction', () => {
  it('reads back a transaction from an object or its JSON, dropping unknown fields', () => {
    assert.deepEqual(parseLoginTransaction(valid), valid);
    assert.deepEqual(parseLoginTransaction(JSON.stringify({ ...valid, extra: 'x' })), valid);
    const { nonce: _, ...oauth2 } = { ...valid, kind: 'oauth2' as const };
    assert.deepEqual(parseLoginTransaction(oauth2), oauth2);
  });

  it('refuses anything else as transaction_invalid', () => {
    const bad: unknown[] = [
      null,
      'not json',
      '{"v":1',
      [],
      { ...valid, v: 2 },
      { ...valid, kind: 'saml' },
      { ...valid, state: '' },
      { ...valid, state: 42 },
      { ...valid, nonce: undefined }, // OpenID Connect without a nonce
      { ...valid, codeVerifier: 'v'.repeat(129) },
      { ...valid, createdAt: '2026-01-01' },
      { ...valid, maxAge: -1 },
      { ...valid, provider: 'p'.repeat(65) },
    ];
    for (const value of bad)
      assert.throws(
        () => parseLoginTransaction(value),
        { code: 'transaction_invalid' },
        JSON.stringify(value),
      );
  });
});
