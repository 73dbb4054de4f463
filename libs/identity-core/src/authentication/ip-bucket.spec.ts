import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipBucket } from './ip-bucket.js';

describe('ipBucket', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones, as they are', () => {
    assert.equal(ipBucket('192.0.2.7'), '192.0.2.7');
    assert.equal(ipBucket(' ::FFFF:192.0.2.7 '), '192.0.2.7');
    assert.equal(ipBucket('::ffff:192.0.2.7'), ipBucket('192.0.2.7'));
    assert.equal(ipBucket('::ffff:192.0.22.173'), '192.0.22.173');
    // Only the mapped prefix itself: an IPv6 address with an IPv4 tail is IPv6.
    assert.equal(ipBucket('1::ffff:192.0.2.7'), '1:0:0:0::/64');
  });

  it('counts IPv6 per /64, however the address is written', () => {
    const key = '2001:db8:1:2::/64';
    for (const ip of [
      '2001:db8:1:2:3:4:5:6',
      '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:db8:1:2::',
      '2001:db8:1:2::9',
      '2001:db8:1:2::9%eth0',
    ])
      assert.equal(ipBucket(ip), key, ip);
    assert.notEqual(ipBucket('2001:db8:1:3::1'), key);
    assert.equal(ipBucket('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(ipBucket('::1'), '0:0:0:0::/64');
    assert.equal(ipBucket('fe80::1:2:3:4'), 'fe80:0:0:0::/64');
    // An embedded IPv4 tail takes two groups.
    assert.equal(ipBucket('64:ff9b:1::192.0.2.1'), '64:ff9b:1:0::/64');
    assert.equal(ipBucket('1:2:3:4:5:6:192.0.2.1'), '1:2:3:4::/64');
    // A long tail after `::` decides how few zeros it stands for.
    assert.equal(ipBucket('1::2:3:4:5:6'), '1:0:0:2::/64');
    assert.equal(ipBucket('1::2:3:4:192.0.2.1'), '1:0:0:2::/64');
  });

  it('turns anything else into a stable key of its own, never the text itself', () => {
    for (const junk of ['not-an-ip', '::ffff:192.0.2.7x', 'x::ffff:192.0.2.7']) {
      assert.match(ipBucket(junk), /^x-[A-Za-z0-9_-]{16}$/, junk);
      assert.equal(ipBucket(junk), ipBucket(junk));
    }
    assert.notEqual(ipBucket('not-an-ip'), ipBucket('not-an-ip2'));
    assert.equal(ipBucket(' NOT-an-ip '), ipBucket('not-an-ip'));
  });
});
