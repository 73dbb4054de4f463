import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { AccountRepository } from '../accounts/account.repository.js';
import type { ChangeAccountStatusUseCase } from '../application/change-account-status/change-account-status.use-case.js';
import type { AuditRecord, AuditService } from '../audit/audit.service.js';
import type { AccountEntity } from '../entities/account.entity.js';
import type { PiiService } from '../pii/pii.service.js';
import type { AttemptGate } from './attempt-gate.js';
import { ClearLockoutUseCase } from './clear-lockout.use-case.js';

describe('ClearLockoutUseCase', () => {
  let accounts: Map<string, AccountEntity>;
  let log: string[];
  let statusChanges: unknown[];
  let audit: AuditRecord[];
  let useCase: ClearLockoutUseCase;

  beforeEach(() => {
    accounts = new Map();
    log = [];
    statusChanges = [];
    audit = [];
    const repo = {
      findByLogin: async (login: string) => accounts.get(login) ?? null,
    } as unknown as AccountRepository;
    const gate = {
      clear: async (subject: string) => void log.push(`gate ${subject}`),
    } as unknown as AttemptGate;
    const changeStatus = {
      execute: async (cmd: unknown) => (statusChanges.push(cmd), { status: 'active' }),
    } as unknown as ChangeAccountStatusUseCase;
    const auditService = { record: async (r: AuditRecord) => void audit.push(r) } as unknown as AuditService;
    const pii = { loginPseudonym: (key: string) => `p(${key})` } as unknown as PiiService;
    useCase = new ClearLockoutUseCase(gate, repo, changeStatus, auditService, pii);
  });

  it('clears every counter of a locked account and makes it active again, audited', async () => {
    accounts.set('lin', { id: '41', sub: 'sub-41', status: 'locked' } as AccountEntity);
    assert.deepEqual(await useCase.execute({ login: 'lin', actor: 'admin:chen' }), {
      accountFound: true,
      unlocked: true,
    });
    assert.deepEqual(log, ['gate a:41']);
    assert.deepEqual(statusChanges, [
      { sub: 'sub-41', event: 'unlock', actor: 'admin:chen', reason: 'lockout_cleared' },
    ]);
    assert.deepEqual(audit, [
      {
        actor: 'admin:chen',
        action: 'account.lockout_cleared',
        target: 'account:sub-41',
        result: 'success',
        details: { unlocked: true },
      },
    ]);
  });

  it('clears the counters of an active account without touching its status', async () => {
    accounts.set('lin', { id: '41', sub: 'sub-41', status: 'active' } as AccountEntity);
    assert.deepEqual(await useCase.execute({ login: 'lin', actor: 'cli' }), {
      accountFound: true,
      unlocked: false,
    });
    assert.deepEqual(statusChanges, []);
    assert.deepEqual(audit[0]!.details, { unlocked: false });
    for (const status of ['disabled', 'pending'] as const) {
      accounts.set('lin', { id: '41', sub: 'sub-41', status } as AccountEntity);
      await useCase.execute({ login: 'lin', actor: 'cli' });
    }
    assert.deepEqual(statusChanges, [], 'only the lock is lifted, never a disabled account');
  });

  it('clears an unknown login by the keyed hash it was counted under', async () => {
    assert.deepEqual(await useCase.execute({ login: 'Ghost@mail.edu.tw', actor: 'cli' }), {
      accountFound: false,
      unlocked: false,
    });
    assert.deepEqual(log, ['gate l:p(ghost)']);
    assert.equal(audit[0]!.target, 'login:p(ghost)');
    assert.ok(!JSON.stringify(audit).includes('Ghost'), 'what was typed is not in the audit trail');
  });
});
