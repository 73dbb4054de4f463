import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  COMMON_EMAIL_DOMAINS,
  lookAlikeChannels,
  maskEmail,
  maskPhone,
  maskUsername,
} from './channel-mask.js';

describe('channel masks', () => {
  it('masks a mobile number as 09**-***-123', () => {
    assert.equal(maskPhone('0912345123'), '09**-***-123');
    assert.equal(maskPhone('0912-345-678'), '09**-***-678');
    assert.equal(maskPhone('+886 2 1234'), '*****234');
  });

  it('keeps common mail domains and masks the others down to their public suffix', () => {
    assert.equal(maskEmail('alice@example.com'), 'a***@e***.com');
    assert.equal(maskEmail('alice@gmail.com'), 'a***@gmail.com');
    assert.equal(maskEmail('Lin.Student@Example.edu.tw'), 'L***@e***.edu.tw');
    assert.equal(maskEmail('x@ms1.hcjh.tyc.edu.tw'), 'x***@m***.edu.tw');
    assert.equal(maskEmail('王@yahoo.com.tw'), '王***@yahoo.com.tw');
    assert.equal(maskEmail('nobody'), '***');
  });

  it('masks usernames for reminders', () => {
    assert.equal(maskUsername('lin.student'), 'li***ent');
    assert.equal(maskUsername('abcd'), 'a***d');
    assert.equal(maskUsername('a'), 'a***');
  });

  it('look-alikes are stable per input and shaped like real masks', () => {
    const bytes = randomBytes(32);
    assert.deepEqual(lookAlikeChannels(bytes), lookAlikeChannels(Buffer.from(bytes)));
    const shapes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const channels = lookAlikeChannels(randomBytes(32));
      shapes.add(channels.map((c) => c.kind).join('+'));
      for (const c of channels) {
        if (c.kind === 'sms') assert.match(c.masked, /^09\*\*-\*\*\*-\d{3}$/);
        else {
          const domain = c.masked.split('@')[1]!;
          assert.match(c.masked, /^[a-z]\*\*\*@/);
          assert.ok(
            (COMMON_EMAIL_DOMAINS as readonly string[]).includes(domain) ||
              /^[a-z]\*\*\*\.edu\.tw$/.test(domain),
            domain,
          );
        }
      }
    }
    assert.deepEqual([...shapes].sort(), ['email', 'email+sms', 'sms']);
  });
});
