import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import svgCaptcha from 'svg-captcha';
import { REDIS } from '#platform';

export const CAPTCHA_OPTIONS = Symbol('CAPTCHA_OPTIONS');

export interface CaptchaOptions {
  enabled: boolean;
  /** How long an issued captcha can be answered (300 s). */
  ttlSeconds: number;
  /** Keeps apps and test runs apart: keys are `captcha:<namespace>:<id>`. */
  namespace: string;
}

export const CAPTCHA_LENGTH = 5;
/** Look-alikes (0/o/O, 1/i/l/I, j/J) are never used; answers are compared case-insensitively. */
export const CAPTCHA_IGNORE_CHARS = '0oO1ilIjJ';
const CHARSET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'].filter(
  (c) => !CAPTCHA_IGNORE_CHARS.includes(c),
);
const ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
const MAX_ANSWER = 64;

// svg-captcha's default export is also `(text, options) => svg`; its typings omit that call.
const renderSvg = svgCaptcha as unknown as (text: string, options: Record<string, unknown>) => string;

interface Stored {
  answer: string;
  svg: string;
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
    // The text comes from the CSPRNG, not svg-captcha's Math.random.
    let text = '';
    for (let i = 0; i < CAPTCHA_LENGTH; i++) text += CHARSET[randomInt(CHARSET.length)];
    const svg = renderSvg(text, {
      size: CAPTCHA_LENGTH,
      ignoreChars: CAPTCHA_IGNORE_CHARS,
      width: 150,
      height: 50,
      fontSize: 50,
      noise: 2,
      color: false,
    });
    const stored: Stored = { answer: text.toLowerCase(), svg };
    await this.redis.set(this.key(id), JSON.stringify(stored), 'EX', this.options.ttlSeconds);
    return { id };
  }

  /** The SVG for an issued, unanswered captcha; null for unknown, expired or used ids. */
  async image(id: string): Promise<string | null> {
    if (!ID_PATTERN.test(id)) return null;
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as Stored).svg : null;
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
