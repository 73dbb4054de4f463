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

/** Someone with an authenticator app: its secret, and the last step one of its codes was used for. */
export interface TotpHolder {
  totp?: string;
  lastStep: number;
}

/**
 * A code the service accepts now and has not seen: of a step after the holder's last one (a code
 * works once) within the verifier's ±1 step, so up to three sign-ins in a row need no wait for the
 * clock. The step before is used only with 10 s or more left of the current one, so the clock
 * cannot leave the window before the service checks it; beyond the window this waits.
 */
export async function nextTotpCode(holder: TotpHolder): Promise<string> {
  if (!holder.totp) throw new Error('no authenticator app enrolled');
  for (;;) {
    const ms = Date.now();
    const now = Math.floor(ms / 30_000);
    const step = Math.max(holder.lastStep + 1, ms % 30_000 < 20_000 ? now - 1 : now);
    if (step <= now + 1) {
      holder.lastStep = step;
      return hotp(base32Decode(holder.totp), step);
    }
    await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - ms + 50));
  }
}
