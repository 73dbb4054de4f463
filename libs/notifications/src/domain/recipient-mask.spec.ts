import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskRecipient } from './recipient-mask.js';

describe('maskRecipient', () => {
  it('keeps an address’s first character and domain, a mobile’s last three digits', () => {
    assert.equal(maskRecipient('Dora.Parent@Example.edu.tw'), 'D***@example.edu.tw');
    assert.equal(maskRecipient('0912345678'), '09**-***-678');
    assert.equal(maskRecipient('+1 555 0100'), '***100');
  });
});
