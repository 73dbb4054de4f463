/**
 * Personal data at rest: field-level AES-256-GCM encryption with key rotation, and
 * HMAC blind indexes so encrypted columns can still be looked up by exact value.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DomainError } from './errors.js';

export interface PiiKeyring {
  activeKeyId: string;
  keys: Record<string, Buffer>;
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Key ids end up inside tokens split on '.', and inside the env spec split on ',' and ':'.
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

function keyringError(message: string): DomainError {
  return new DomainError('pii_keyring_invalid', message);
}

/**
 * Token format: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts).
 * The `v1.<keyId>` header is the AAD, so a token cannot be relabelled to another key
 * (or a future format version) without failing authentication.
 */
export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly activeKeyId: string;

  constructor(keyring: PiiKeyring) {
    const keys = new Map<string, Buffer>();
    for (const [id, key] of Object.entries(keyring.keys)) {
      if (!KEY_ID_RE.test(id)) throw keyringError(`PII key id ${JSON.stringify(id)} must match ${KEY_ID_RE}`);
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw keyringError(`PII key ${id} must be ${KEY_BYTES} bytes`);
      }
      // Copy so later mutation of the caller's buffers cannot change our keys.
      keys.set(id, Buffer.from(key));
    }
    if (!keys.has(keyring.activeKeyId)) {
      throw keyringError(`active PII key ${JSON.stringify(keyring.activeKeyId)} is not in the keyring`);
    }
    this.keys = keys;
    this.activeKeyId = keyring.activeKeyId;
  }

  encrypt(plain: string): string {
    const keyId = this.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(`${VERSION}.${keyId}`, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      keyId,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      tag.toString('base64url'),
    ].join('.');
  }

  decrypt(token: string): string {
    const { keyId, iv, ciphertext, tag } = parseToken(token);
    const key = this.keys.get(keyId);
    if (!key) throw new DomainError('pii_key_unknown', `PII key ${keyId} is not in the keyring`, { keyId });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`, 'utf8'));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      // fatal: a token that authenticates but is not UTF-8 was not produced by encrypt().
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch {
      // Deliberately drop the underlying error: nothing derived from the data leaves here.
      throw new DomainError('pii_corrupt', 'PII token failed authentication', { keyId });
    }
  }

  /** True when the token was encrypted under a key other than the active one: re-encrypt it. */
  needsRotation(token: string): boolean {
    return parseToken(token).keyId !== this.activeKeyId;
  }
}

function parseToken(token: string): { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const parts = typeof token === 'string' ? token.split('.') : [];
  const corrupt = () => new DomainError('pii_corrupt', 'malformed PII token');
  if (parts.length !== 5) throw corrupt();
  const [version, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (version !== VERSION || !KEY_ID_RE.test(keyId)) throw corrupt();
  // Node's base64url decoder silently skips invalid characters; validate strictly first.
  if (![iv, ciphertext, tag].every((p) => B64URL_RE.test(p))) throw corrupt();
  const ivBuf = Buffer.from(iv, 'base64url');
  const tagBuf = Buffer.from(tag, 'base64url');
  if (ivBuf.length !== IV_BYTES || tagBuf.length !== TAG_BYTES) throw corrupt();
  return { keyId, iv: ivBuf, ciphertext: Buffer.from(ciphertext, 'base64url'), tag: tagBuf };
}

/**
 * Deterministic keyed hash for equality lookups on encrypted fields (e.g. "is this
 * national ID already registered?"). The purpose is mixed in so one key can index
 * several fields without a national ID index ever matching, say, a phone index.
 *
 * Callers must normalize values first (e.g. normalizeNationalId). Low-entropy inputs
 * such as national IDs are brute-forceable if this key leaks: keep it separate from
 * the encryption keys. Changing it requires recomputing every index.
 */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      throw new DomainError('blind_index_key_invalid', `blind index key must be ${KEY_BYTES} bytes`);
    }
    this.key = Buffer.from(key);
  }

  compute(purpose: string, value: string): string {
    // The purpose cannot contain NUL, so `purpose \0 value` is unambiguous.
    if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(purpose)) {
      throw new DomainError(
        'blind_index_purpose_invalid',
        `invalid blind index purpose ${JSON.stringify(purpose)}`,
      );
    }
    return createHmac('sha256', this.key).update(`${purpose}\0`, 'utf8').update(value, 'utf8').digest('hex');
  }
}

/**
 * Parses `kid1:base64key,kid2:base64key` (standard or url-safe base64, 32-byte keys).
 * The first entry is the active key; the rest stay available for decrypting old data.
 * Error messages name the entry and key id but never include key material.
 */
export function parseKeyring(spec: string): PiiKeyring {
  if (typeof spec !== 'string' || spec.trim() === '') throw keyringError('PII keyring is empty');
  // A Map, not an object literal: a key id such as `__proto__` must stay an ordinary entry.
  const keys = new Map<string, Buffer>();
  spec.split(',').forEach((rawEntry, index) => {
    const entry = rawEntry.trim();
    const where = `PII keyring entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw keyringError(`${where}: expected <keyId>:<base64 key>`);
    const id = entry.slice(0, colon).trim();
    const b64 = entry.slice(colon + 1).trim();
    if (!KEY_ID_RE.test(id)) throw keyringError(`${where}: key id must match ${KEY_ID_RE}`);
    if (keys.has(id)) throw keyringError(`${where}: duplicate key id ${id}`);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) throw keyringError(`${where} (${id}): key is not base64`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== KEY_BYTES) {
      throw keyringError(`${where} (${id}): key must decode to ${KEY_BYTES} bytes, got ${key.length}`);
    }
    keys.set(id, key);
  });
  return { activeKeyId: keys.keys().next().value!, keys: Object.fromEntries(keys) };
}
