import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mitakeClientId, parseMitakeReply } from './mitake-sms-sender.js';

describe('Mitake SmSend wire format', () => {
  it('parses a reply into its key=value lines', () => {
    const r = parseMitakeReply('[1]\r\nmsgid=#000000001\r\nstatuscode=1\r\nAccountPoint=98\r\n');
    assert.equal(r.msgid, '#000000001');
    assert.equal(r.statuscode, '1');
    assert.equal(r.AccountPoint, '98');
    assert.equal(parseMitakeReply('garbage').statuscode, undefined);
  });

  it('uses the idempotency key as clientid, hashed when longer than 36 characters', () => {
    assert.equal(mitakeClientId('password-reset:abc'), 'password-reset:abc');
    const long = `activation:${'x'.repeat(60)}`;
    assert.match(mitakeClientId(long), /^[0-9a-f]{32}$/);
    assert.equal(mitakeClientId(long), mitakeClientId(long));
  });
});
