import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidStateTransition } from './errors.js';
import {
  ACCOUNT_EVENTS,
  ACCOUNT_STATUSES,
  canLogin,
  isAccountEvent,
  isAccountStatus,
  nextStatus,
  type AccountEvent,
  type AccountStatus,
} from './account-status.js';

// Every (state, event) pair; null means the transition is refused.
const TABLE: Record<AccountStatus, Record<AccountEvent, AccountStatus | null>> = {
  pending: { activate: 'active', lock: null, unlock: null, disable: 'disabled', enable: null },
  active: { activate: null, lock: 'locked', unlock: null, disable: 'disabled', enable: null },
  locked: { activate: null, lock: null, unlock: 'active', disable: 'disabled', enable: null },
  disabled: { activate: null, lock: null, unlock: null, disable: null, enable: 'active' },
};

describe('nextStatus', () => {
  it('the table covers every status and event', () => {
    assert.deepEqual(Object.keys(TABLE).sort(), [...ACCOUNT_STATUSES].sort());
    for (const row of Object.values(TABLE))
      assert.deepEqual(Object.keys(row).sort(), [...ACCOUNT_EVENTS].sort());
  });

  for (const from of ACCOUNT_STATUSES) {
    for (const event of ACCOUNT_EVENTS) {
      const to = TABLE[from][event];
      if (to) {
        it(`${from} --${event}--> ${to}`, () => {
          assert.equal(nextStatus(from, event), to);
        });
      } else {
        it(`${from} --${event}--> refused`, () => {
          assert.throws(
            () => nextStatus(from, event),
            (e: unknown) => {
              assert.ok(e instanceof InvalidStateTransition);
              assert.equal(e.code, 'invalid_state_transition');
              assert.deepEqual(e.details, { from, event });
              return true;
            },
          );
        });
      }
    }
  }

  it('refuses unknown statuses and events (e.g. bad data from storage)', () => {
    const cases: [string, string][] = [
      ['archived', 'enable'],
      ['active', 'delete'],
      ['constructor', 'activate'],
      ['pending', 'toString'],
      ['', ''],
    ];
    for (const [from, event] of cases) {
      assert.throws(() => nextStatus(from as AccountStatus, event as AccountEvent), InvalidStateTransition);
    }
  });
});

describe('canLogin', () => {
  it('is true only for active accounts', () => {
    assert.deepEqual(
      ACCOUNT_STATUSES.filter((s) => canLogin(s)),
      ['active'],
    );
    assert.equal(canLogin('bogus' as AccountStatus), false);
  });
});

describe('type guards', () => {
  it('recognise exactly the declared values', () => {
    for (const s of ACCOUNT_STATUSES) assert.ok(isAccountStatus(s));
    for (const e of ACCOUNT_EVENTS) assert.ok(isAccountEvent(e));
    for (const v of ['Active', 'toString', '', null, undefined, 1]) {
      assert.equal(isAccountStatus(v), false);
      assert.equal(isAccountEvent(v), false);
    }
  });
});
