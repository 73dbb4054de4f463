import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { readAppConfig } from '#platform';
import { CAPTCHA_HEIGHT, CAPTCHA_WIDTH } from './captcha.renderer.js';
import { CAPTCHA_ALPHABET, CaptchaService, type CaptchaOptions } from './captcha.service.js';
import { pngChunks } from '#test-support';

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
    assert.doesNotMatch(CAPTCHA_ALPHABET, /[0OQ1Il25SZ8BGV]/, 'no glyph that reads as another');
    const ids = new Set<string>();
    const used = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const { id } = await captcha.issue();
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      ids.add(id);
      const answer = await answerOf(id);
      assert.equal(answer.length, 5);
      assert.equal(answer, answer.toLowerCase());
      for (const c of answer) assert.ok(CAPTCHA_ALPHABET.includes(c.toUpperCase()), `no ${c}`);
      for (const c of answer) used.add(c);
      const ttl = await redis.ttl(`captcha:${namespace}:${id}`);
      assert.ok(ttl > 0 && ttl <= 300);
    }
    assert.equal(ids.size, 40);
    assert.ok(used.size >= 12, 'answers use the alphabet');
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

  it('image is a PNG of the answer, the same until answered, without the answer in its bytes', async () => {
    const { id } = await captcha.issue();
    const answer = await answerOf(id);
    const png = await captcha.image(id);
    assert.ok(png);
    const chunks = pngChunks(png);
    assert.deepEqual(chunks.ihdr, { width: CAPTCHA_WIDTH, height: CAPTCHA_HEIGHT });
    assert.ok(chunks.types.includes('IDAT'));
    for (const text of ['tEXt', 'zTXt', 'iTXt', 'eXIf'])
      assert.ok(!chunks.types.includes(text), `no ${text} chunk`);
    assert.ok(png.length > 2_000 && png.length < 64_000, `${png.length} bytes`);
    for (const variant of [answer, answer.toUpperCase()])
      assert.equal(png.indexOf(Buffer.from(variant)), -1, 'the answer is not in the file');
    assert.deepEqual(await captcha.image(id), png, 'the same picture on every fetch');
    const other = await captcha.image((await captcha.issue()).id);
    assert.notDeepEqual(other, png);
    await captcha.verify(id, answer);
    assert.equal(await captcha.image(id), null, 'gone once answered');
    assert.equal(await captcha.image(randomBytes(16).toString('base64url')), null);
    assert.equal(await captcha.image('../../etc/passwd'), null);
  });

  it('when disabled, verify always passes', async () => {
    const off = new CaptchaService(redis, { ...options, enabled: false });
    assert.equal(off.enabled, false);
    assert.equal(captcha.enabled, true);
    assert.equal(await off.verify('nope', ''), true);
  });
});
