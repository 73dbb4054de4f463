import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isMobileNumber,
  lookAlikeChannels,
  MASKED_EMAIL_PATTERN,
  MASKED_PHONE_PATTERN,
  maskEmail,
  maskPhone,
  maskUsername,
} from './channel-mask.js';

/** 24 bytes with the given 32-bit values at the given offsets (the rest zero). */
function bytes(values: Record<number, number>): Buffer {
  const b = Buffer.alloc(24);
  for (const [offset, v] of Object.entries(values)) b.writeUInt32BE(v, Number(offset));
  return b;
}

/** How often each value comes out when one 32-bit input runs over 0..n-1 (one full cycle). */
function shares(n: number, at: number, part: (masked: string) => string, fixed: Record<number, number> = {}) {
  const count: Record<string, number> = {};
  for (let r = 0; r < n; r++) {
    const email = lookAlikeChannels(bytes({ ...fixed, [at]: r })).find((c) => c.kind === 'email')!;
    const k = part(email.masked);
    count[k] = (count[k] ?? 0) + 1;
  }
  return count;
}
const domain = (m: string) => m.split('@')[1]!.replace('***', '');

describe('look-alike channels follow the stated shares exactly', () => {
  it('domains: the providers, then school and other domains, in percent', () => {
    const byKind = shares(100, 4, (m) => (/^[a-z0-9*]\.(edu\.tw)$/.test(domain(m)) ? 'school?' : domain(m)));
    // Inputs 84..99 are school domains; the other-domain ones (offsets 12, 16 zero) land on `a***.com`.
    assert.deepEqual(byKind, {
      'g.com': 40,
      'y.com.tw': 14,
      'h.com': 6,
      'o.com': 4,
      'i.com': 3,
      'y.com': 2,
      'h.com.tw': 1,
      'm.com': 1,
      'm.net': 2,
      'school?': 16,
      'a.com': 11,
    });
    // A full cycle of the input wraps around: 100 is 0 again.
    assert.equal(domain(lookAlikeChannels(bytes({ 4: 100 }))[0]!.masked), 'g.com');
  });

  it('address initials: common romanised initials more often, every other one still possible', () => {
    const count = shares(127, 8, (m) => m[0]!);
    for (const c of 'cjhklswy') assert.equal(count[c], 8, c);
    for (const c of 'abdefgmprt') assert.equal(count[c], 4, c);
    for (const c of 'inou') assert.equal(count[c], 2, c);
    for (const c of 'qvxz0123456789*') assert.equal(count[c], 1, c);
    assert.equal(Object.keys(count).length, 26 + 10 + 1);
  });

  it('school and other domain initials, and the endings of other domains', () => {
    const school = { 4: 84 };
    const initials = shares(74, 12, (m) => domain(m)[0]!, school);
    for (const c of 'cgkmnst') assert.equal(initials[c], 4, c);
    for (const c of 'xzq0123456789*') assert.equal(initials[c], 1, c);
    for (const c of 'abdefhijlopruvwy') assert.equal(initials[c], 2, c);
    const endings = shares(100, 16, (m) => domain(m).slice(2), { 4: 99 });
    assert.deepEqual(endings, {
      com: 30,
      'com.tw': 20,
      net: 8,
      org: 10,
      tw: 6,
      'net.tw': 4,
      'org.tw': 6,
      'gov.tw': 3,
      'idv.tw': 2,
      edu: 3,
      'edu.tw': 2,
      '***': 6,
    });
  });

  it('half offer both channels, a third email only, the rest SMS only', () => {
    const shape = (v: number) =>
      lookAlikeChannels(bytes({ 0: v }))
        .map((c) => c.kind)
        .join('+');
    assert.equal(shape(0), 'email+sms');
    assert.equal(shape(49), 'email+sms');
    assert.equal(shape(50), 'email');
    assert.equal(shape(84), 'email');
    assert.equal(shape(85), 'sms');
    assert.equal(shape(199), 'sms');
    assert.equal(lookAlikeChannels(bytes({ 20: 1007 }))[1]!.masked, '09**-***-007');
    assert.throws(() => lookAlikeChannels(Buffer.alloc(23)), RangeError);
  });
});

describe('masks at their edges', () => {
  it('shows a username of five characters by its ends, and a longer one by more', () => {
    assert.equal(maskUsername('abcde'), 'a***e');
    assert.equal(maskUsername('abcdef'), 'ab***def');
    assert.equal(maskUsername('ab'), 'a***b');
    assert.equal(maskUsername(''), '***');
  });

  it('ignores empty labels and an empty domain', () => {
    assert.equal(maskEmail('a@.example..com'), 'a***@e***.com');
    assert.equal(maskEmail('a@'), 'a***@****.***');
    assert.equal(maskEmail('a@tw'), 'a***@t***.***', 'an ending alone is not shown');
    assert.equal(maskEmail('@example.com'), '****@****.***');
  });

  it('takes a mobile number as exactly ten digits starting 09, however it is punctuated', () => {
    assert.equal(isMobileNumber('0912-345-678'), true);
    for (const n of ['10912345678', '0912345678999', '091234567']) assert.equal(isMobileNumber(n), false, n);
    assert.equal(maskPhone('10912345678'), '********678');
    assert.equal(maskPhone('0912345678999'), '**********999');
    for (const m of ['alice@example.com', 'a***@g***.com.evil', 'xa***@g***.com'])
      assert.doesNotMatch(m, MASKED_EMAIL_PATTERN);
    for (const m of ['x09**-***-123', '09**-***-1234']) assert.doesNotMatch(m, MASKED_PHONE_PATTERN);
  });
});
