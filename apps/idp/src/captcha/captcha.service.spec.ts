import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { readAppConfig } from '#platform';
import { CAPTCHA_IGNORE_CHARS, CaptchaService, type CaptchaOptions } from './captcha.service.js';

// Medium test: the real local Redis, a namespace of its own.
describe('CaptchaService (Redis)', () => {
  const namespace = `test-${randomBytes(6).toString('hex')}`;
  const options: CaptchaOptions = { enabled: true, ttlSeconds: 300, namespace };
  let redis: Redis;
  let captcha: CaptchaService;

  /** The stored answer, as a user reading the image would know it. */
  async function answerOf(id: string): Promise<string> {
    const raw = await redis.get(`captcha:${namespace}:${id}`);
    assert.ok(raw, 'stored under captcha:<namespace>:<id>');
    return (JSON.parse(raw) as { answer: string }).answer;
  }

  before(() => {
    redis = new Redis(readAppConfig({ NODE_ENV: 'test' }).redisUrl);
    captcha = new CaptchaService(redis, options);
  });

  after(async () => {
    const keys = await redis.keys(`captcha:${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('issues 128-bit base64url ids and 5-character answers without look-alikes, with a TTL', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { id } = await captcha.issue();
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      ids.add(id);
      const answer = await answerOf(id);
      assert.equal(answer.length, 5);
      assert.equal(answer, answer.toLowerCase());
      // Look-alikes excluded in both cases never appear (an upper-case L may, as "l").
      for (const c of answer) assert.ok(!CAPTCHA_IGNORE_CHARS.includes(c) || c === 'l', `no ${c}`);
      assert.doesNotMatch(answer, /[01oij]/);
      const ttl = await redis.ttl(`captcha:${namespace}:${id}`);
      assert.ok(ttl > 0 && ttl <= 300);
    }
    assert.equal(ids.size, 20);
  });

  it('the right answer passes once only', async () => {
    const { id } = await captcha.issue();
    const answer = await answerOf(id);
    assert.equal(await captcha.verify(id, answer), true);
    assert.equal(await captcha.verify(id, answer), false);
    assert.equal(await captcha.image(id), null);
  });

  it('a wrong answer burns the captcha', async () => {
    const { id } = await captcha.issue();
    const answer = await answerOf(id);
    assert.equal(await captcha.verify(id, 'zzzzzz'), false);
    assert.equal(await captcha.verify(id, answer), false);
  });

  it('unknown, malformed and expired ids are false', async () => {
    assert.equal(await captcha.verify(randomBytes(16).toString('base64url'), 'abcde'), false);
    assert.equal(await captcha.verify('../../etc', 'abcde'), false);
    assert.equal(await captcha.verify('', ''), false);
    const short = new CaptchaService(redis, { ...options, ttlSeconds: 1 });
    const { id } = await short.issue();
    const answer = await answerOf(id);
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal(await short.verify(id, answer), false);
  });

  it('is case-insensitive and trims, also full-width input', async () => {
    for (const variant of [
      (a: string) => a.toUpperCase(),
      (a: string) => `  ${a}\n`,
      (a: string) => [...a].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''),
    ]) {
      const { id } = await captcha.issue();
      assert.equal(await captcha.verify(id, variant(await answerOf(id))), true);
    }
  });

  it('image returns the svg for an issued id and null for an unknown one', async () => {
    const { id } = await captcha.issue();
    const svg = await captcha.image(id);
    assert.ok(svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
    assert.doesNotMatch(svg, /<script|<text/i, 'glyphs are paths, not text');
    assert.equal(await captcha.image(id), svg, 'the same image until answered');
    assert.equal(await captcha.image(randomBytes(16).toString('base64url')), null);
  });

  it('when disabled, verify always passes', async () => {
    const off = new CaptchaService(redis, { ...options, enabled: false });
    assert.equal(off.enabled, false);
    assert.equal(captcha.enabled, true);
    assert.equal(await off.verify('nope', ''), true);
  });
});
