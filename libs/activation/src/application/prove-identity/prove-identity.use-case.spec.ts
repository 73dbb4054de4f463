import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import {
  FixedClock,
  makeNationalId,
  ValidationFailed,
  type AccountEntity,
  type AccountRepository,
  type AuditRecord,
  type AttemptGate,
  type AttemptRefused,
  type AuditService,
  type PiiService,
  TooManyAttempts,
} from '#identity-core';
import { CodeHasher } from '../../domain/code-hasher.js';
import { ACTIVATION_FACTOR } from '../../domain/attempt-subjects.js';
import { ActivationFailed } from '../../domain/errors.js';
import type { ActivationCodeEntity } from '../../entities/activation-code.entity.js';
import type { FlowStore } from '../../flow/flow.store.js';
import type { ActivationFlow } from '../../flow/flow.types.js';
import { ProveIdentityUseCase } from './prove-identity.use-case.js';

const T0 = new Date('2026-03-01T08:00:00Z');
const NID = makeNationalId('A', '1', '2345678');
const CODE = 'ABCDE23456';
const ctx = { ip: '192.0.2.7', userAgent: 'test-agent' };

describe('ProveIdentityUseCase', () => {
  const hasher = new CodeHasher(randomBytes(32));
  let account: Partial<AccountEntity>;
  let row: ActivationCodeEntity;
  let audits: AuditRecord[];
  let calls: string[];
  let refusal: AttemptRefused | null;
  let lookupFails: boolean;
  let created: ActivationFlow[];
  let clock: FixedClock;
  let useCase: ProveIdentityUseCase;

  beforeEach(() => {
    account = { id: '7', sub: 's7', status: 'pending', birthDate: '2011-05-12', displayName: '王小明' };
    row = {
      id: '31',
      accountId: '7',
      schoolId: '0001',
      codeHash: hasher.activationCode(CODE),
      issuedBy: 'admin:x',
      issuedAt: new Date(T0.getTime() - 86_400_000),
      expiresAt: new Date(T0.getTime() + 86_400_000),
      usedAt: null,
      revokedAt: null,
    };
    audits = [];
    calls = [];
    refusal = null;
    lookupFails = false;
    created = [];
    clock = new FixedClock(T0);
    const dataSource = {
      getRepository: () => ({
        findOne: async ({ where }: { where: { codeHash: string } }) => {
          if (lookupFails) throw new Error('connection lost');
          return row.codeHash === where.codeHash ? row : null;
        },
      }),
    };
    const gate = {
      begin: async (r: { factor: string; subject: string; ip: string | null }) => (
        calls.push(`begin ${r.factor} ${r.subject} ${r.ip}`),
        refusal ?? {
          allowed: true,
          succeed: async () => void calls.push('succeed'),
          fail: async () => (calls.push('fail'), { failures: 2 }),
          abandon: async () => void calls.push('abandon'),
        }
      ),
    };
    useCase = new ProveIdentityUseCase(
      dataSource as unknown as DataSource,
      {
        findByNationalId: async (nid: string) => (nid === NID ? (account as AccountEntity) : null),
      } as unknown as AccountRepository,
      { nationalIdIndex: (nid: string) => `idx(${nid})` } as unknown as PiiService,
      hasher,
      gate as unknown as AttemptGate,
      {
        create: async (flow: ActivationFlow) => (
          created.push(flow),
          { token: 'flow-token', flow: { id: 'f', data: flow } }
        ),
      } as unknown as FlowStore,
      { record: async (r: AuditRecord) => void audits.push(r) } as unknown as AuditService,
      clock,
    );
  });

  const prove = (over: Partial<{ nationalId: string; birthDate: string; code: string }> = {}) =>
    useCase.execute({ nationalId: NID, birthDate: '2011-05-12', code: CODE, ...over }, ctx);

  const failsWith = async (reason: string, target: string | null = 'account:s7') => {
    await assert.rejects(prove(), ActivationFailed);
    assert.deepEqual(audits, [
      {
        actor: 'anonymous',
        action: 'activation.identity',
        target,
        result: 'failure',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { reason, failures: 2 },
      },
    ]);
    assert.deepEqual(
      calls.slice(-2),
      [`begin ${ACTIVATION_FACTOR} n:idx(${NID}) ${ctx.ip}`, 'fail'],
      'a failure counts once, for the national ID and the IP, and never clears the counters',
    );
    assert.deepEqual(created, []);
  };

  it('the right national ID, birth date and code start the activation flow', async () => {
    assert.deepEqual(
      await prove({ nationalId: NID.toLowerCase(), birthDate: '100/5/12', code: 'abcde-23456' }),
      {
        token: 'flow-token',
      },
    );
    assert.deepEqual(created, [
      {
        kind: 'activation',
        step: 'credentials',
        accountSub: 's7',
        codeId: '31',
        name: '王小明',
        username: null,
        passwordHash: null,
        contacts: {},
      },
    ]);
    assert.deepEqual(calls, [`begin ${ACTIVATION_FACTOR} n:idx(${NID}) ${ctx.ip}`, 'succeed']);
    assert.deepEqual(audits, [
      {
        actor: 'account:s7',
        action: 'activation.identity',
        target: 'account:s7',
        result: 'success',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { method: 'activation-code', schoolId: '0001' },
      },
    ]);
    assert.equal(row.usedAt, null, 'the code is consumed only when the account is activated');
  });

  it('reports malformed fields together, before counting or looking anything up', async () => {
    const problems = async (input: Parameters<typeof prove>[0]) => {
      const e = await prove(input).then(
        () => assert.fail('accepted'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof ValidationFailed);
      return e.problems;
    };
    assert.deepEqual(await problems({ nationalId: '', birthDate: '2011-02-30', code: ' ' }), [
      { field: 'nationalId', code: 'empty' },
      { field: 'birthDate', code: 'invalid' },
      { field: 'code', code: 'empty' },
    ]);
    assert.deepEqual(await problems({ nationalId: `${NID.slice(0, 9)}${(Number(NID[9]) + 1) % 10}` }), [
      { field: 'nationalId', code: 'checksum' },
    ]);
    assert.deepEqual(await problems({ birthDate: 'soon' }), [{ field: 'birthDate', code: 'format' }]);
    assert.deepEqual(await problems({ code: 'ABCDE2345O' }), [{ field: 'code', code: 'format' }]);
    assert.deepEqual(calls, []);
    assert.deepEqual(audits, []);
  });

  it('a blocked IP or national ID is refused before any look-up', async () => {
    lookupFails = true; // any look-up would throw
    refusal = { allowed: false, reason: 'ip', retryAfterSeconds: 60 };
    await assert.rejects(
      prove(),
      (e) => e instanceof TooManyAttempts && e.retryAfterSeconds === 60 && e.of === 'failures',
    );
    assert.deepEqual(calls, [`begin ${ACTIVATION_FACTOR} n:idx(${NID}) ${ctx.ip}`]);
    refusal = { allowed: false, reason: 'permanent', retryAfterSeconds: null };
    calls = [];
    await assert.rejects(prove(), (e) => e instanceof TooManyAttempts && e.retryAfterSeconds === null);
    assert.deepEqual(created, []);
    assert.deepEqual(audits, []);
  });

  it('an outage during the look-ups counts nothing and gives the place back', async () => {
    lookupFails = true;
    await assert.rejects(prove(), /connection lost/);
    assert.deepEqual(calls, [`begin ${ACTIVATION_FACTOR} n:idx(${NID}) ${ctx.ip}`, 'abandon']);
    assert.deepEqual(audits, []);
    assert.deepEqual(created, []);
  });

  it('an unknown person or code gives the one answer', async () => {
    account = { ...account };
    const other = makeNationalId('B', '2', '3456789');
    await assert.rejects(prove({ nationalId: other }), ActivationFailed);
    assert.equal(audits[0]!.target, null);
    assert.deepEqual(audits[0]!.details, { reason: 'unknown_account', failures: 2 });
    audits = [];
    row.codeHash = hasher.activationCode('ZZZZZ23456');
    await failsWith('unknown_code');
  });

  it("another account's code does not activate this one", async () => {
    row.accountId = '8';
    await failsWith('code_of_another_account');
  });

  it('only a pending account can be activated', async () => {
    account.status = 'active';
    await failsWith('account_active');
  });

  it('the birth date must match', async () => {
    account.birthDate = '2011-05-13';
    await failsWith('birth_date');
  });

  it('a used, revoked or expired code is refused', async () => {
    row.usedAt = T0;
    await failsWith('code_used');
  });

  it('a revoked code is refused', async () => {
    row.revokedAt = T0;
    await failsWith('code_revoked');
  });

  it('a code expires at its deadline', async () => {
    clock.set(new Date(row.expiresAt.getTime() - 1));
    await prove();
    calls = [];
    audits = [];
    created = [];
    clock.set(row.expiresAt);
    await failsWith('code_expired');
  });
});
