import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FixedClock, type AccountEntity } from '#identity-core';
import type { CountyProviderRepository } from '../providers/county-provider.repository.js';
import { CountySignInMethod } from './county.sign-in-method.js';

describe('CountySignInMethod.availableFor (the login page button)', () => {
  function method(enabled: () => Promise<unknown[]>) {
    const clock = new FixedClock(new Date('2026-12-01T08:00:00Z'));
    let reads = 0;
    const providers = {
      listEnabled: async () => (reads++, enabled()),
    } as unknown as CountyProviderRepository;
    const m = new CountySignInMethod(
      {} as never,
      providers,
      {} as never,
      {} as never,
      {} as never,
      {} as never,
      {} as never,
      clock,
    );
    return { m, clock, reads: () => reads };
  }
  const first = { clientId: 'rp', account: null, amr: [] };

  it('once a county is enabled, shows the button for 30 s without reading MySQL again', async () => {
    let rows: unknown[] = [{ id: 'tc' }];
    const { m, clock, reads } = method(async () => rows);
    assert.equal(await m.availableFor(first), true);
    rows = [];
    clock.advance(29_999);
    assert.equal(await m.availableFor(first), true);
    assert.equal(reads(), 1);
    clock.advance(1);
    assert.equal(await m.availableFor(first), false, 'then asks again');
    assert.equal(reads(), 2);
  });

  it('with none enabled asks every time (a county just added shows at once)', async () => {
    let rows: unknown[] = [];
    const { m, reads } = method(async () => rows);
    assert.equal(await m.availableFor(first), false);
    rows = [{ id: 'tc' }];
    assert.equal(await m.availableFor(first), true);
    assert.equal(reads(), 2);
  });

  it('hides the button when MySQL does not answer, and is never a further factor', async () => {
    const { m } = method(async () => Promise.reject(new Error('ECONNREFUSED')));
    assert.equal(await m.availableFor(first), false);
    const second = { ...first, account: { sub: 's' } as AccountEntity };
    assert.equal(await m.availableFor(second), false);
  });
});
