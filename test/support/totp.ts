import { createHmac } from 'node:crypto';

/**
 * TEST ONLY: RFC 6238 written here from the RFC (base32 per RFC 4648, HMAC-SHA1, dynamic
 * truncation per RFC 4226 §5.3), independent of the library the service uses, so a test of the
 * service cannot pass by sharing its mistakes.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(bin).padStart(digits, '0');
}

/** The code an authenticator app shows at `at` (30-second steps); `stepOffset` for the neighbours. */
export function totpCode(secretBase32: string, at: Date = new Date(), stepOffset = 0): string {
  return hotp(base32Decode(secretBase32), Math.floor(at.getTime() / 30_000) + stepOffset);
}
