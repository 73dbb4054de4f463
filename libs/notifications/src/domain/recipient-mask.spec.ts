import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskRecipient, redactContacts } from './recipient-mask.js';

describe('maskRecipient', () => {
  it('keeps an address’s first character and domain, a mobile’s last three digits', () => {
    assert.equal(maskRecipient('Dora.Parent@Example.edu.tw'), 'D***@example.edu.tw');
    assert.equal(maskRecipient('0912345678'), '09**-***-678');
    assert.equal(maskRecipient('+1 555 0100'), '***100');
  });

  it('masks every address and mobile number quoted in an error', () => {
    assert.equal(
      redactContacts('550 5.1.1 <dora.parent@example.edu.tw>: no such user; sms to +886 912-345-678 failed'),
      '550 5.1.1 <d***@example.edu.tw>: no such user; sms to 09**-***-678 failed',
    );
    assert.equal(redactContacts('421 try later'), '421 try later');
  });
});
