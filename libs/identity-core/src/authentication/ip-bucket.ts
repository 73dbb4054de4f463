import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/** IPv4 as is (also when IPv4-mapped); IPv6 by its /64, which one subscriber usually holds whole. */
export function ipBucket(ip: string): string {
  const raw = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(raw);
  if (mapped) return mapped[1]!;
  const kind = isIP(raw.split('%')[0]!);
  if (kind === 4) return raw;
  if (kind === 6) return `${ipv6Prefix64(raw.split('%')[0]!)}::/64`;
  return `x-${createHash('sha256').update(raw).digest('base64url').slice(0, 16)}`;
}

function ipv6Prefix64(addr: string): string {
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  // A trailing dotted IPv4 part takes two groups; it only ever sits in the low 64 bits.
  const width = (gs: string[]) => gs.reduce((w, g) => w + (g.includes('.') ? 2 : 1), 0);
  const [head, tail] = addr.includes('::') ? (addr.split('::') as [string, string]) : [addr, null];
  const h = groups(head);
  const t = tail === null ? [] : groups(tail);
  const full = [...h, ...Array<string>(Math.max(0, 8 - width(h) - width(t))).fill('0'), ...t];
  return full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':');
}
