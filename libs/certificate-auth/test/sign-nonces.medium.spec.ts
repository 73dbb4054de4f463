import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { SignNonces } from '../src/card/sign-nonces.js';
import { resolveCertificateAuthOptions } from '../src/certificate-auth.options.js';

describe('SignNonces against the real Redis: single use, five minutes, bound to one login', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const namespace = `t${randomBytes(5).toString('hex')}`;
  const nonces = new SignNonces(
    resolveCertificateAuthOptions({ namespace, card: null, mobile: null }),
    redis,
  );
  after(async () => {
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a nonce signed for its own login is accepted once; a replay finds it used', async () => {
    const n = await nonces.issue();
    const ttl = await redis.ttl(`${namespace}:cert:nonce:${n}`);
    assert.ok(ttl > 290 && ttl <= 300, `ttl ${ttl}`);
    assert.equal(await nonces.consume(n, n), 'ok');
    assert.equal(await nonces.consume(n, n), 'used');
  });

  it('another login’s live nonce is refused without consuming it', async () => {
    const mine = await nonces.issue();
    const theirs = await nonces.issue();
    assert.equal(await nonces.consume(theirs, mine), 'other');
    assert.equal(await nonces.consume(theirs, theirs), 'ok');
    assert.equal(await nonces.consume(mine, mine), 'ok');
  });

  it('a used nonce of another login reads as used; anything that is not a nonce as other', async () => {
    const old = await nonces.issue();
    await nonces.consume(old, old);
    const mine = await nonces.issue();
    assert.equal(await nonces.consume(old, mine), 'used');
    assert.equal(await nonces.consume('hello', mine), 'other');
    assert.equal(await nonces.consume(`${mine}x`, mine), 'other');
  });
});
