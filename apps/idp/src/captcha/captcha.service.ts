import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import type { Locale } from '#web';
import { renderCaptchaWav } from './captcha.audio.js';
import { renderCaptchaPng } from './captcha.renderer.js';

export const CAPTCHA_OPTIONS = Symbol('CAPTCHA_OPTIONS');

export interface CaptchaOptions {
  enabled: boolean;
  /** How long an issued captcha can be answered (300 s). */
  ttlSeconds: number;
  /** Keeps apps and test runs apart: keys are `captcha:<namespace>:<id>`. */
  namespace: string;
}

export const CAPTCHA_LENGTH = 5;
/**
 * Capitals and digits that stay apart when bent (23: 6.4 million answers): none of 0/O/Q, 1/I/l,
 * 2/Z, 5/S, 8/B, and only 6 of 6/G, U of U/V. Answers are compared case-insensitively.
 */
export const CAPTCHA_ALPHABET = 'ACDEFHJKLMNPRTUWXY34679';
const ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
const MAX_ANSWER = 64;

interface Stored {
  answer: string;
  /** What the picture's distortion is drawn from (base64), so every fetch shows the same one. */
  seed: string;
}

@Injectable()
export class CaptchaService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CAPTCHA_OPTIONS) private readonly options: CaptchaOptions,
  ) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** A new captcha; the id (128 random bits, base64url) is what the form carries or the session keeps. */
  async issue(): Promise<{ id: string }> {
    const id = randomBytes(16).toString('base64url');
    let answer = '';
    for (let i = 0; i < CAPTCHA_LENGTH; i++) answer += CAPTCHA_ALPHABET[randomInt(CAPTCHA_ALPHABET.length)];
    // Only the answer and a seed are kept (a few bytes in Redis, not a picture): the PNG is drawn
    // when the page asks for it.
    const stored: Stored = { answer: answer.toLowerCase(), seed: randomBytes(16).toString('base64') };
    await this.redis.set(this.key(id), JSON.stringify(stored), 'EX', this.options.ttlSeconds);
    return { id };
  }

  /** The PNG for an issued, unanswered captcha; null for unknown, expired or used ids. */
  async image(id: string): Promise<Buffer | null> {
    if (!ID_PATTERN.test(id)) return null;
    const raw = await this.redis.get(this.key(id));
    if (!raw) return null;
    const stored = JSON.parse(raw) as Stored;
    return renderCaptchaPng(stored.answer.toUpperCase(), Buffer.from(stored.seed, 'base64'));
  }

  /** The same captcha spoken (WAV), for those who cannot read the picture; null like `image`. */
  async audio(id: string, locale: Locale): Promise<Buffer | null> {
    if (!ID_PATTERN.test(id)) return null;
    const raw = await this.redis.get(this.key(id));
    if (!raw) return null;
    const stored = JSON.parse(raw) as Stored;
    return renderCaptchaWav(stored.answer, locale, Buffer.from(stored.seed, 'base64'));
  }

  /**
   * One attempt per captcha: the entry is deleted atomically (GETDEL) whatever the answer, so a
   * wrong guess burns it and a right one cannot be replayed. Always true when captcha is disabled.
   */
  async verify(id: string, answer: string): Promise<boolean> {
    if (!this.options.enabled) return true;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) return false;
    const raw = await this.redis.getdel(this.key(id));
    if (!raw || typeof answer !== 'string' || answer.length > MAX_ANSWER) return false;
    const expected = Buffer.from((JSON.parse(raw) as Stored).answer);
    // NFKC folds full-width letters typed with a Chinese IME (Ａｂ１) to ASCII.
    const given = Buffer.from(answer.normalize('NFKC').trim().toLowerCase());
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private key(id: string): string {
    return `captcha:${this.options.namespace}:${id}`;
  }
}
