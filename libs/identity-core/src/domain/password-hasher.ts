/**
 * Argon2id password hashing (OWASP baseline: 19 MiB, 2 passes, 1 lane) with
 * transparent parameter upgrades via `needsRehash`.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { DomainError } from './errors.js';
import { normalizePassword } from './password-policy.js';

export interface PasswordHasherOptions {
  /** KiB */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface PasswordVerifyResult {
  ok: boolean;
  /** The password matched but the stored hash uses outdated parameters: store `hash(password)` now. */
  needsRehash: boolean;
}

export interface Argon2Params {
  algorithm: 'argon2id' | 'argon2i' | 'argon2d';
  /** 19 for 0x13; 16 when the PHC string omits `v=` (pre-1.3 hashes). */
  version: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

// `Algorithm` is an ambient const enum whose runtime object is empty, so use the value.
const ARGON2ID = 2 as Algorithm;

const PHC_RE =
  /^\$(argon2id|argon2i|argon2d)\$(?:v=(\d+)\$)?m=(\d+),t=(\d+),p=(\d+)(?:,[^$]*)?\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** Parameters of an encoded argon2 hash, or null if it is not one. */
export function parseArgon2Params(encoded: string): Argon2Params | null {
  const m = typeof encoded === 'string' ? PHC_RE.exec(encoded) : null;
  if (!m) return null;
  return {
    algorithm: m[1] as Argon2Params['algorithm'],
    version: m[2] === undefined ? 16 : Number(m[2]),
    memoryCost: Number(m[3]),
    timeCost: Number(m[4]),
    parallelism: Number(m[5]),
  };
}

function unsupported(): DomainError {
  // Never echo the stored hash: it is credential material.
  return new DomainError('password_hash_unsupported', 'stored password hash is not a valid argon2 hash');
}

export class PasswordHasher {
  readonly options: Readonly<PasswordHasherOptions>;
  private readonly dummyHash: Promise<string>;

  constructor(options: Partial<PasswordHasherOptions> = {}) {
    const o = { memoryCost: 19456, timeCost: 2, parallelism: 1, ...options };
    const int = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
    // Argon2 needs at least 8 KiB per lane; reject other nonsense before it reaches native code.
    const max = 2 ** 32 - 1;
    if (
      !int(o.parallelism, 1, 255) ||
      !int(o.timeCost, 1, max) ||
      !int(o.memoryCost, 8 * o.parallelism, max)
    ) {
      throw new DomainError('password_hasher_invalid', 'invalid argon2 parameters');
    }
    this.options = Object.freeze(o);
    // Computed once, off the event loop, as soon as the hasher exists, so that even the
    // first dummyVerify costs one verification. The password is random and thrown away.
    this.dummyHash = this.hash(randomBytes(32).toString('base64url'));
    this.dummyHash.catch(() => undefined); // surfaced by dummyVerify, not as an unhandled rejection
  }

  hash(password: string): Promise<string> {
    return hash(normalizePassword(password), { ...this.options, algorithm: ARGON2ID });
  }

  /**
   * Checks a password against a stored hash. The stored hash's own parameters are used for
   * verification, so hashes made under older settings keep working until rehashed.
   * Throws `password_hash_unsupported` if the stored value is not an argon2 hash.
   */
  async verify(encoded: string, password: string): Promise<PasswordVerifyResult> {
    const params = parseArgon2Params(encoded);
    if (!params) throw unsupported();
    let ok: boolean;
    try {
      ok = await verify(encoded, normalizePassword(password));
    } catch {
      throw unsupported();
    }
    return { ok, needsRehash: ok && this.isOutdated(params) };
  }

  /**
   * Spends the same time as verifying a wrong password, for logins to unknown accounts
   * (or accounts without a password), so response time does not reveal which accounts exist.
   * Always resolves to false.
   */
  async dummyVerify(password: string): Promise<false> {
    await verify(await this.dummyHash, normalizePassword(password));
    return false;
  }

  private isOutdated(p: Argon2Params): boolean {
    return (
      p.algorithm !== 'argon2id' ||
      p.version !== 19 ||
      p.memoryCost !== this.options.memoryCost ||
      p.timeCost !== this.options.timeCost ||
      p.parallelism !== this.options.parallelism
    );
  }
}
