import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  isMobileNumber,
  lookAlikeChannels,
  MASKED_EMAIL_PATTERN,
  MASKED_PHONE_PATTERN,
  maskEmail,
  maskPhone,
  maskUsername,
  SHOWN_EMAIL_SUFFIXES,
} from './channel-mask.js';

/** The visible parts of `a***@g***.com`: initial of the address, initial of the domain, ending. */
function parts(masked: string): { local: string; domain: string; suffix: string } {
  const m = /^(.)\*{3}@(.)\*{3}\.(.+)$/.exec(masked);
  assert.ok(m, masked);
  return { local: m[1]!, domain: m[2]!, suffix: m[3]! };
}

/** Many look-alikes from fixed inputs (the same every run), as the resolver makes them. */
function manyLookAlikes(n: number): { emails: string[]; phones: string[]; shapes: string[] } {
  const out = { emails: [] as string[], phones: [] as string[], shapes: [] as string[] };
  for (let i = 0; i < n; i++) {
    const channels = lookAlikeChannels(createHash('sha256').update(`look-alike ${i}`).digest());
    out.shapes.push(channels.map((c) => c.kind).join('+'));
    for (const c of channels) (c.kind === 'email' ? out.emails : out.phones).push(c.masked);
  }
  return out;
}

describe('channel masks', () => {
  it('masks a mobile number as 09**-***-123', () => {
    assert.equal(maskPhone('0912345123'), '09**-***-123');
    assert.equal(maskPhone('0912-345-678'), '09**-***-678');
    assert.equal(maskPhone('+886 2 1234'), '*****234');
  });

  it('shows only the initials of an address and its domain, and a common ending', () => {
    assert.equal(maskEmail('alice@example.com'), 'a***@e***.com');
    assert.equal(maskEmail('alice@gmail.com'), 'a***@g***.com');
    assert.equal(maskEmail('Lin.Student@Example.edu.tw'), 'l***@e***.edu.tw');
    assert.equal(maskEmail('x@ms1.hcjh.tyc.edu.tw'), 'x***@m***.edu.tw');
    assert.equal(maskEmail('王@yahoo.com.tw'), '****@y***.com.tw');
    assert.equal(maskEmail('ｓ9527@edu.tw'), 's***@e***.tw');
    assert.equal(maskEmail('kenji@mail.example.co.jp'), 'k***@m***.***');
    assert.equal(maskEmail('nobody'), '****@****.***');
  });

  it('real channels of any domain take the shapes look-alikes take, and reveal no more', () => {
    const real = [
      'student@gmail.com',
      'teacher@tp.edu.tw',
      'someone@example.org',
      `${'averyveryverylonglocalpart'.repeat(2)}@gmail.com`,
      'Lin.Student@Example.EDU.TW',
      '9527@ms1.hinet.net',
      'kenji@mail.example.co.jp',
      '_x@hotmail.com.tw',
      'zoe@qq.com',
    ];
    const look = manyLookAlikes(40_000);
    const seen = {
      local: new Set(look.emails.map((m) => parts(m).local)),
      domain: new Set(look.emails.map((m) => parts(m).domain)),
      suffix: new Set(look.emails.map((m) => parts(m).suffix)),
      domainAndSuffix: new Set(look.emails.map((m) => `${parts(m).domain} ${parts(m).suffix}`)),
    };
    // Every visible character and every ending a real mask can show, look-alikes show too.
    for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789*') {
      assert.ok(seen.local.has(c), `address initial ${c}`);
      assert.ok(seen.domain.has(c), `domain initial ${c}`);
    }
    assert.deepEqual([...seen.suffix].sort(), [...SHOWN_EMAIL_SUFFIXES, '***'].sort());
    for (const m of look.emails) assert.match(m, MASKED_EMAIL_PATTERN);

    for (const address of real) {
      const masked = maskEmail(address);
      assert.match(masked, MASKED_EMAIL_PATTERN, address);
      const p = parts(masked);
      assert.ok(seen.local.has(p.local) && seen.domainAndSuffix.has(`${p.domain} ${p.suffix}`), address);
      // No part of the domain shows beyond its initial and a shown ending, nor the address's length.
      const [local, domain] = address.toLowerCase().split('@') as [string, string];
      for (const label of domain
        .split('.')
        .filter((l) => l.length > 1 && !SHOWN_EMAIL_SUFFIXES.join('.').split('.').includes(l)))
        assert.ok(!masked.includes(label), `${address} shows ${label}`);
      assert.ok(!masked.includes(local.slice(0, 2)) || local.length < 2, address);
      assert.equal(masked.split('@')[0]!.length, 4);
    }
  });

  it('real and look-alike phone masks take one form, with every ending', () => {
    const look = manyLookAlikes(20_000);
    for (const m of look.phones) assert.match(m, MASKED_PHONE_PATTERN);
    assert.equal(new Set(look.phones.map((m) => m.slice(-3))).size, 1000);
    for (const phone of ['0912345678', '0987654000', '0900000001'])
      assert.match(maskPhone(phone), MASKED_PHONE_PATTERN);
    // SMS only reaches mobile numbers, so only those are ever offered (and masked).
    assert.equal(isMobileNumber('0912345678'), true);
    assert.equal(isMobileNumber('0223456789'), false);
    assert.equal(isMobileNumber('+886 2 1234'), false);
  });

  it('masks usernames for reminders', () => {
    assert.equal(maskUsername('lin.student'), 'li***ent');
    assert.equal(maskUsername('abcd'), 'a***d');
    assert.equal(maskUsername('a'), 'a***');
  });

  it('look-alikes are stable per input, in three shapes', () => {
    const bytes = randomBytes(32);
    assert.deepEqual(lookAlikeChannels(bytes), lookAlikeChannels(Buffer.from(bytes)));
    const { shapes } = manyLookAlikes(2000);
    assert.deepEqual([...new Set(shapes)].sort(), ['email', 'email+sms', 'sms']);
  });
});
