/** In-memory collaborators for PasswordAuthenticator's unit tests, recording what it did with them. */
import type { AccountRepository } from '../accounts/account.repository.js';
import type { ChangeAccountStatusUseCase } from '../application/change-account-status/change-account-status.use-case.js';
import type { AuditRecord, AuditService } from '../audit/audit.service.js';
import { DomainError, type PasswordHasher } from '../domain/index.js';
import type { AccountEntity } from '../entities/account.entity.js';
import type { PiiService } from '../pii/pii.service.js';
import type { AttemptGate, AttemptRefused, AttemptRequest, FailureOutcome } from './attempt-gate.js';
import type { AuthContext } from './authenticator.js';
import { PasswordAuthenticator } from './password.authenticator.js';

export const CTX: AuthContext = { ip: '192.0.2.7', userAgent: 'UA/1' };
export const NO_LOCK: FailureOutcome = {
  failures: 1,
  sourceFailures: 1,
  sourceWaitSeconds: null,
  accountWaitSeconds: null,
  permanent: false,
  ipBudgetSpent: false,
};

export function account(over: Partial<AccountEntity> = {}): AccountEntity {
  return {
    id: '41',
    sub: 'sub-41',
    username: 'lin',
    passwordHash: 'h:right',
    status: 'active',
    ...over,
  } as AccountEntity;
}

/** The collaborators, in memory, recording what the authenticator did with them. */
export class World {
  accounts = new Map<string, AccountEntity>();
  lookups: string[] = [];
  saved: AccountEntity[] = [];
  lookupError?: Error;
  begun: AttemptRequest[] = [];
  settled: string[] = [];
  refusal?: AttemptRefused;
  beginError?: Error;
  abandonError?: Error;
  outcome: FailureOutcome = NO_LOCK;
  verifications = 0;
  dummies = 0;
  verifyError?: Error;
  audit: AuditRecord[] = [];
  auditError?: Error;
  statusChanges: unknown[] = [];
  statusError?: Error;

  authenticator() {
    return authenticatorOver(this);
  }
}

/** A PasswordAuthenticator whose collaborators are the world's fakes. */
function authenticatorOver(w: World): PasswordAuthenticator {
  const accounts = {
    findByLogin: async (login: string) => {
      w.lookups.push(login);
      if (w.lookupError) throw w.lookupError;
      return w.accounts.get(login) ?? null;
    },
    rehashPassword: async (id: string, passwordHash: string) =>
      void w.saved.push({ id, passwordHash } as AccountEntity),
  } as unknown as AccountRepository;
  const hasher = {
    verify: async (encoded: string, password: string) => {
      w.verifications++;
      if (w.verifyError) throw w.verifyError;
      if (encoded === 'corrupt') throw new DomainError('password_hash_unsupported');
      const ok = encoded === `h:${password}` || encoded === `old:${password}`;
      return ok ? { ok: true, needsRehash: encoded.startsWith('old:') } : { ok: false, needsRehash: false };
    },
    dummyVerify: async () => (w.dummies++, false),
    hash: async (password: string) => `h:${password}`,
  } as unknown as PasswordHasher;
  const gate = {
    policy: { ipWindowSeconds: 3600, sourceFreeFailures: 5, accountFreeFailures: 10 },
    begin: async (req: AttemptRequest) => {
      w.begun.push(req);
      if (w.beginError) throw w.beginError;
      if (w.refusal) return w.refusal;
      return {
        allowed: true,
        succeed: async () => void w.settled.push('ok'),
        fail: async () => (w.settled.push('fail'), w.outcome),
        abandon: async () => {
          w.settled.push('drop');
          if (w.abandonError) throw w.abandonError;
        },
      };
    },
  } as unknown as AttemptGate;
  const audit = {
    record: async (r: AuditRecord) => {
      if (w.auditError) throw w.auditError;
      w.audit.push(r);
    },
  } as unknown as AuditService;
  const changeStatus = {
    execute: async (cmd: unknown) => {
      w.statusChanges.push(cmd);
      if (w.statusError) throw w.statusError;
      return { status: 'locked' };
    },
  } as unknown as ChangeAccountStatusUseCase;
  const pii = { loginPseudonym: (folded: string) => `p(${folded})` } as unknown as PiiService;
  return new PasswordAuthenticator(accounts, hasher, gate, audit, changeStatus, pii);
}
