import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * TW FidO's checksum: hex(IV(12) ‖ AES-256-GCM(key = the SP key, plaintext = lowercase hex
 * SHA-256 of the concatenated fields) ‖ tag(16)). Ours carry a random IV (the service accepts it);
 * the specification's reference code uses a zero IV for `idp_checksum`, so `iv` can be given.
 */
export function fidoChecksum(fields: readonly string[], key: Buffer, iv: Buffer = randomBytes(12)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(sha256Hex(fields.join('')), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('hex');
}

/** True when `checksum` is a checksum of exactly these fields under `key` (any IV). */
export function verifyFidoChecksum(checksum: unknown, fields: readonly string[], key: Buffer): boolean {
  if (typeof checksum !== 'string' || !/^(?:[0-9a-fA-F]{2}){29,}$/.test(checksum)) return false;
  const raw = Buffer.from(checksum, 'hex');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    const want = Buffer.from(sha256Hex(fields.join('')), 'utf8');
    return plain.length === want.length && timingSafeEqual(plain, want);
  } catch {
    return false;
  }
}

/** `hashed_id_num`: lowercase hex SHA-256 of the ID number (*unconfirmed*, see README). */
export function hashedIdNum(nationalId: string): string {
  return sha256Hex(nationalId.toUpperCase());
}
