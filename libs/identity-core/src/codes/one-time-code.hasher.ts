import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The verification-code toolkit, part 2: one-time codes are stored as a keyed hash (HMAC-SHA256),
 * one key per purpose, derived with HKDF from the feature's secret. Codes are random and
 * short-lived, so there is no dictionary to slow down; the key (never in the database) stops
 * offline guessing of six digits from a copy, and a lookup by hash stays possible. A code is
 * bound to what it proves (a flow, a channel, an address, a challenge): it is good for nothing
 * else. The derivation labels are part of stored data: codes printed weeks ago must still match.
 */
export class OneTimeCodeHasher<Purpose extends string> {
  private readonly keys = new Map<string, Buffer>();

  /** `salt` names the feature (HKDF salt); `purposes` maps each purpose to its HKDF info label. */
  constructor(secret: Buffer, salt: string, purposes: Record<Purpose, string>) {
    for (const [purpose, info] of Object.entries<string>(purposes))
      this.keys.set(purpose, Buffer.from(hkdfSync('sha256', secret, salt, info, 32)));
  }

  /** Hex HMAC of `code` under the purpose's key, bound to `binding` (joined by NUL, code last). */
  hash(purpose: Purpose, code: string, ...binding: string[]): string {
    const key = this.keys.get(purpose);
    if (!key) throw new Error(`unknown one-time code purpose ${purpose}`);
    return createHmac('sha256', key)
      .update([...binding, code].join('\0'), 'utf8')
      .digest('hex');
  }

  /** In constant time. */
  matches(stored: string, purpose: Purpose, code: string, ...binding: string[]): boolean {
    return sameHash(stored, this.hash(purpose, code, ...binding));
  }
}

/** Constant-time comparison of two stored hashes (false for different lengths). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
