import { Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository.js';
import { normalizeLogin } from '../accounts/username.js';
import { ChangeAccountStatusUseCase } from '../application/change-account-status/change-account-status.use-case.js';
import { AuditService, type AuditRecord } from '../audit/audit.service.js';
import { DomainError, PasswordHasher, canLogin } from '../domain/index.js';
import type { AccountEntity } from '../entities/account.entity.js';
import type { AuthContext, AuthResult, Authenticator } from './authenticator.js';
import { BruteForceGuard, type LockState } from './brute-force.service.js';

export interface PasswordInput {
  login: string;
  password: string;
}

const METHOD = 'pwd';

/**
 * Username (or name@mail.edu.tw) and password. Unknown accounts cost a dummy verification and
 * count failures like real ones, so result and timing do not tell them apart.
 */
@Injectable()
export class PasswordAuthenticator implements Authenticator<PasswordInput> {
  readonly method = METHOD;
  readonly requiresUser = false;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly guard: BruteForceGuard,
    private readonly audit: AuditService,
    private readonly changeStatus: ChangeAccountStatusUseCase,
  ) {}

  configuredFor(account: AccountEntity): boolean {
    return account.passwordHash !== null;
  }

  async verify(input: PasswordInput, ctx: AuthContext): Promise<AuthResult> {
    const ip = await this.guard.checkIp(ctx.ip);
    if (!ip.allowed)
      return {
        status: 'failure',
        reason: 'rate_limited',
        retryAfterSeconds: ip.retryAfterSeconds ?? undefined,
      };

    // Counted as a failure up front (reset below on success); blocked logins are refused before any lookup.
    const attempt = await this.guard.attempt(METHOD, input.login);
    if (!attempt.allowed) return locked(attempt.retryAfterSeconds);

    const account = await this.accounts.findByLogin(input.login);
    const ok = await this.check(account, input.password);
    if (!account || !ok) return this.failed(account, input.login, attempt.ifFailed, ctx);

    await this.guard.reset(METHOD, input.login);
    const actor = `account:${account.sub}`;
    if (!canLogin(account.status)) {
      await this.record(ctx, {
        actor,
        target: actor,
        result: 'failure',
        details: { reason: 'account_disabled', status: account.status },
      });
      return { status: 'failure', reason: 'account_disabled' };
    }
    if (ok.needsRehash) {
      account.passwordHash = await this.hasher.hash(input.password);
      await this.accounts.save(account);
    }
    await this.record(ctx, {
      actor,
      target: actor,
      result: 'success',
      details: ok.needsRehash ? { rehashed: true } : null,
    });
    return { status: 'success', account, amr: [METHOD] };
  }

  /** Same cost whether or not the account exists or has a usable hash. */
  private async check(
    account: AccountEntity | null,
    password: string,
  ): Promise<{ needsRehash: boolean } | null> {
    if (!account?.passwordHash) {
      await this.hasher.dummyVerify(password);
      return null;
    }
    try {
      const r = await this.hasher.verify(account.passwordHash, password);
      return r.ok ? { needsRehash: r.needsRehash } : null;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'password_hash_unsupported')) throw e;
      // A corrupt stored hash: refuse like a wrong password, at the same cost; the audit event says why.
      await this.hasher.dummyVerify(password);
      return null;
    }
  }

  private async failed(
    account: AccountEntity | null,
    login: string,
    state: LockState,
    ctx: AuthContext,
  ): Promise<AuthResult> {
    const ip = await this.guard.hitIp(ctx.ip);
    const target = account ? `account:${account.sub}` : `login:${normalizeLogin(login) ?? '(invalid)'}`;
    await this.record(ctx, {
      actor: 'anonymous',
      target,
      result: 'failure',
      details: {
        reason: 'invalid_credentials',
        failures: state.failures,
        ...(account ? {} : { unknownAccount: true }),
      },
    });
    if (state.lock !== 'none') {
      await this.audit.record({
        actor: 'anonymous',
        action: 'login.lock',
        target,
        result: 'success',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: {
          factor: METHOD,
          failures: state.failures,
          ...(state.lock === 'temporary' ? { waitSeconds: state.retryAfterSeconds } : { permanent: true }),
        },
      });
    }
    if (state.lock === 'permanent' && account?.status === 'active') await this.lockAccount(account);
    if (ip.failures === this.guard.policy.ipMaxFailures) {
      // Once per window, when the limit is reached; refused attempts after that are not audited one by one.
      await this.audit.record({
        actor: 'anonymous',
        action: 'login.rate_limited',
        result: 'success',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { failures: ip.failures, windowSeconds: this.guard.policy.ipWindowSeconds },
      });
    }
    if (state.lock === 'temporary') return locked(state.retryAfterSeconds);
    if (state.lock === 'permanent') return locked(null);
    return { status: 'failure', reason: 'invalid_credentials' };
  }

  /** The durable side of a permanent lock: the account's status, through the state machine (audited there). */
  private async lockAccount(account: AccountEntity): Promise<void> {
    try {
      const updated = await this.changeStatus.execute({
        sub: account.sub,
        event: 'lock',
        actor: 'system:brute-force',
        reason: 'too_many_failures',
      });
      account.status = updated.status;
    } catch (e) {
      // A concurrent request locked (or an admin disabled) it first: nothing left to do.
      if (!(e instanceof DomainError && e.code === 'invalid_state_transition')) throw e;
    }
  }

  private record(ctx: AuthContext, e: Omit<AuditRecord, 'action' | 'ip' | 'userAgent'>): Promise<void> {
    return this.audit.record({ ...e, action: 'login.password', ip: ctx.ip, userAgent: ctx.userAgent });
  }
}

function locked(retryAfterSeconds: number | null): AuthResult {
  return retryAfterSeconds === null
    ? { status: 'failure', reason: 'locked' }
    : { status: 'failure', reason: 'locked', retryAfterSeconds };
}
