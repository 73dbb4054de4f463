import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_ATTEMPT_GATE_OPTIONS,
  resolveAttemptGateOptions,
  type AttemptGateOptions,
} from './attempt-gate.options.js';

const refused = {
  name: 'DomainError',
  code: 'attempt_gate_options_invalid',
  message: 'invalid attempt gate options',
};

function refuses(input: Partial<AttemptGateOptions>, why: string) {
  assert.throws(() => resolveAttemptGateOptions(input), refused, why);
}

function accepts(input: Partial<AttemptGateOptions>, why: string) {
  const o = resolveAttemptGateOptions(input);
  for (const [k, v] of Object.entries(input)) assert.equal(o[k as keyof AttemptGateOptions], v, why);
}

describe('resolveAttemptGateOptions', () => {
  it('defaults to the policy README "Lockout and throttling" documents', () => {
    const expected = {
      namespace: 'edusso',
      sourceFreeFailures: 5,
      baseDelaySeconds: 30,
      maxDelaySeconds: 900,
      accountFreeFailures: 10,
      permanentLockAfter: 100,
      counterTtlSeconds: 86_400,
      ipMaxFailures: 500,
      ipWindowSeconds: 3600,
      ipCreditPerAccount: 5,
      leaseSeconds: 30,
      maxQueueMs: 3000,
    };
    assert.deepEqual({ ...DEFAULT_ATTEMPT_GATE_OPTIONS }, expected);
    assert.deepEqual({ ...resolveAttemptGateOptions() }, expected);
    assert.deepEqual({ ...resolveAttemptGateOptions({}) }, expected);
    assert.ok(Object.isFrozen(DEFAULT_ATTEMPT_GATE_OPTIONS));
  });

  it('fills in only what is not given, and freezes the result', () => {
    const o = resolveAttemptGateOptions({ namespace: 't-1', ipMaxFailures: 7 });
    assert.equal(o.namespace, 't-1');
    assert.equal(o.ipMaxFailures, 7);
    assert.equal(o.sourceFreeFailures, 5);
    assert.ok(Object.isFrozen(o));
  });

  it('takes a namespace of 1 to 64 letters, digits, "_", "." and "-" only', () => {
    for (const namespace of ['a', 'A-z_0.9', 'x'.repeat(64)]) accepts({ namespace }, namespace);
    for (const namespace of ['', 'x'.repeat(65), 'bad!ok', 'ok!bad', 'a b', 'a:b', 'ns\n', '\nns'])
      refuses({ namespace }, JSON.stringify(namespace));
  });

  // Every numeric field: its lowest allowed value (with the defaults for the others) and below it.
  const lowest: [keyof AttemptGateOptions, number][] = [
    ['sourceFreeFailures', 0],
    ['baseDelaySeconds', 1],
    ['maxDelaySeconds', 30], // not under baseDelaySeconds
    ['accountFreeFailures', 0],
    ['permanentLockAfter', 11], // over both free budgets (10 and 5)
    ['counterTtlSeconds', 900], // not under maxDelaySeconds
    ['ipMaxFailures', 1],
    ['ipWindowSeconds', 1],
    ['ipCreditPerAccount', 0],
    ['leaseSeconds', 1],
    ['maxQueueMs', 0],
  ];

  for (const [field, min] of lowest) {
    it(`refuses ${field} under ${min}, or not a safe integer`, () => {
      accepts({ [field]: min }, `${field} = ${min}`);
      accepts({ [field]: min + 1 }, `${field} = ${min + 1}`);
      for (const bad of [
        min - 1,
        min - 100,
        min + 0.5,
        NaN,
        Infinity,
        -Infinity,
        2 ** 53,
        String(min + 1),
        null,
      ])
        refuses({ [field]: bad as number }, `${field} = ${String(bad)}`);
    });
  }

  it('measures permanentLockAfter against the larger of the two free budgets', () => {
    accepts({ sourceFreeFailures: 20, permanentLockAfter: 21 }, 'source budget larger');
    refuses({ sourceFreeFailures: 20, permanentLockAfter: 20 }, 'source budget larger');
    accepts({ accountFreeFailures: 30, permanentLockAfter: 31 }, 'account budget larger');
    refuses({ accountFreeFailures: 30, permanentLockAfter: 30 }, 'account budget larger');
    accepts({ sourceFreeFailures: 0, accountFreeFailures: 0, permanentLockAfter: 1 }, 'no free failures');
    refuses({ sourceFreeFailures: 0, accountFreeFailures: 0, permanentLockAfter: 0 }, 'no free failures');
  });

  it('keeps the wait ladder and the counter lifetime consistent with each other', () => {
    accepts({ baseDelaySeconds: 60, maxDelaySeconds: 60 }, 'no doubling');
    refuses({ baseDelaySeconds: 60, maxDelaySeconds: 59 }, 'cap under the first wait');
    accepts({ maxDelaySeconds: 3600, counterTtlSeconds: 3600 }, 'counters outlive the longest wait');
    refuses({ maxDelaySeconds: 3600, counterTtlSeconds: 3599 }, 'counters forgotten during a wait');
  });
});
