import { Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository.js';
import { normalizeLogin, unknownLoginKey } from '../accounts/username.js';
import { ChangeAccountStatusUseCase } from '../application/change-account-status/change-account-status.use-case.js';
import { AuditService, type AuditRecord } from '../audit/audit.service.js';
import { DomainError, PasswordHasher, TemporarilyUnavailable, canLogin } from '../domain/index.js';
import type { AccountEntity } from '../entities/account.entity.js';
import { PiiService } from '../pii/pii.service.js';
import {
  AttemptGate,
  accountSubject,
  loginSubject,
  type Attempt,
  type AttemptRefused,
  type FailureOutcome,
} from './attempt-gate.js';
import type { AuthContext, AuthResult } from './authenticator.js';
import {
  SIGN_IN_ORDER,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStep,
} from './sign-in-method.js';

export interface PasswordInput {
  login: string;
  password: string;
}

const METHOD = 'pwd';

/**
 * The first sign-in method: username (or name@mail.edu.tw) and password, through the AttemptGate.
 * Its form is the login page's own (with the captcha the idp checks), posted as step START_STEP. The typed login is
 * normalised once and must be a possible username before anything is looked up; counters are
 * keyed on the account's id, so no spelling of a name escapes its counters. Unknown logins cost
 * a dummy verification and are counted under a keyed hash of what was typed, so result, timing
 * and throttling do not tell them apart. An outage (MySQL, Redis, the hasher) is
 * TemporarilyUnavailable and never counts as a failure.
 */
@Injectable()
export class PasswordAuthenticator implements SignInMethod {
  readonly id = METHOD;
  readonly amr = [METHOD];
  readonly factor = 'knowledge';
  readonly stages = ['first'] as const;
  readonly presentation = {
    order: SIGN_IN_ORDER.password,
    label: { 'zh-TW': '使用帳號密碼登入', en: 'Sign in with username and password' },
  };

  constructor(
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly gate: AttemptGate,
    private readonly audit: AuditService,
    private readonly changeStatus: ChangeAccountStatusUseCase,
    private readonly pii: PiiService,
  ) {}

  /** Offered to every client as the first factor: whether the account has a password shows only in the answer. */
  availableFor(situation: SignInSituation): boolean {
    return situation.account === null;
  }

  async complete(step: SignInStep, _situation: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    const r = await this.verify({ login: step.form.login ?? '', password: step.form.password ?? '' }, ctx);
    if (r.status === 'success') return { kind: 'identified', account: r.account, amr: r.amr };
    return {
      kind: 'rejected',
      reason: r.reason,
      ...(r.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: r.retryAfterSeconds }),
      ...(r.attemptsLeft === undefined ? {} : { attemptsLeft: r.attemptsLeft }),
    };
  }

  async verify(input: PasswordInput, ctx: AuthContext): Promise<AuthResult> {
    const username = normalizeLogin(input.login);
    const account = username ? await io(() => this.accounts.findByLogin(username)) : null;
    // What was typed is never stored: unknown logins are known by a keyed hash of it.
    const pseudonym = account ? null : this.pii.loginPseudonym(unknownLoginKey(input.login));
    const target = account ? `account:${account.sub}` : `login:${pseudonym}`;
    const attempt = await io(() =>
      this.gate.begin({
        factor: METHOD,
        subject: account ? accountSubject(account.id) : loginSubject(pseudonym!),
        ip: ctx.ip,
        captchaSolved: ctx.captchaSolved === true,
      }),
    );
    if (!attempt.allowed) return refusedResult(attempt);

    let ok: { needsRehash: boolean } | null;
    try {
      ok = await this.check(account, input.password);
    } catch (e) {
      await attempt.abandon().catch(() => undefined);
      throw unavailable(e);
    }
    if (!account || !ok) return this.failed(account, target, attempt, ctx);

    await io(() => attempt.succeed());
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
      const hash = await io(() => this.hasher.hash(input.password));
      await io(() => this.accounts.rehashPassword(account.id, hash));
      account.passwordHash = hash;
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
    target: string,
    attempt: Attempt,
    ctx: AuthContext,
  ): Promise<AuthResult> {
    const out = await io(() => attempt.fail());
    await this.record(ctx, {
      actor: 'anonymous',
      target,
      result: 'failure',
      details: {
        reason: 'invalid_credentials',
        failures: out.failures,
        ...(account ? {} : { unknownAccount: true }),
      },
    });
    for (const lock of locksStarted(out)) {
      await this.auditEvent(ctx, {
        actor: 'anonymous',
        action: 'login.lock',
        target,
        result: 'success',
        details: { factor: METHOD, ...lock },
      });
    }
    if (out.permanent && account?.status === 'active') await this.lockAccount(account);
    if (out.ipBudgetSpent) {
      // Once per window, when the budget is used up; refused attempts after that are not audited one by one.
      await this.auditEvent(ctx, {
        actor: 'anonymous',
        action: 'login.rate_limited',
        result: 'success',
        details: { windowSeconds: this.gate.policy.ipWindowSeconds },
      });
    }
    if (out.permanent) return locked(null);
    // The account-wide wait holds only attempts without a solved captcha.
    const wait = Math.max(
      out.sourceWaitSeconds ?? 0,
      ctx.captchaSolved === true ? 0 : (out.accountWaitSeconds ?? 0),
    );
    if (wait > 0) return locked(wait);
    // Failures left before the next one starts a wait: this source's, and the account-wide one
    // unless a captcha lifts it. Counted alike for unknown logins, so it reveals nothing.
    const policy = this.gate.policy;
    const attemptsLeft = Math.min(
      policy.sourceFreeFailures + 1 - out.sourceFailures,
      ctx.captchaSolved === true ? Infinity : policy.accountFreeFailures + 1 - out.failures,
    );
    return { status: 'failure', reason: 'invalid_credentials', attemptsLeft: Math.max(1, attemptsLeft) };
  }

  /** The durable side of a permanent lock: the account's status, through the state machine (audited there). */
  private async lockAccount(account: AccountEntity): Promise<void> {
    try {
      const updated = await io(() =>
        this.changeStatus.execute({
          sub: account.sub,
          event: 'lock',
          actor: 'system:brute-force',
          reason: 'too_many_failures',
        }),
      );
      account.status = updated.status;
    } catch (e) {
      // A concurrent request locked (or an admin disabled) it first: nothing left to do.
      if (!(e instanceof DomainError && e.code === 'invalid_state_transition')) throw e;
    }
  }

  private record(ctx: AuthContext, e: Omit<AuditRecord, 'action' | 'ip' | 'userAgent'>): Promise<void> {
    return this.auditEvent(ctx, { ...e, action: 'login.password' });
  }

  private auditEvent(ctx: AuthContext, e: Omit<AuditRecord, 'ip' | 'userAgent'>): Promise<void> {
    return io(() => this.audit.record({ ...e, ip: ctx.ip, userAgent: ctx.userAgent }));
  }
}

/** The waits and locks one failure started, as audit details. */
function locksStarted(out: FailureOutcome): Record<string, unknown>[] {
  const started: Record<string, unknown>[] = [];
  if (out.sourceWaitSeconds !== null)
    started.push({ scope: 'source', failures: out.sourceFailures, waitSeconds: out.sourceWaitSeconds });
  if (out.accountWaitSeconds !== null)
    started.push({ scope: 'account', failures: out.failures, waitSeconds: out.accountWaitSeconds });
  if (out.permanent) started.push({ scope: 'account', failures: out.failures, permanent: true });
  return started;
}

function refusedResult(r: AttemptRefused): AuthResult {
  if (r.reason === 'ip' || r.reason === 'busy')
    return { status: 'failure', reason: 'rate_limited', retryAfterSeconds: r.retryAfterSeconds ?? 1 };
  return locked(r.retryAfterSeconds);
}

function locked(retryAfterSeconds: number | null): AuthResult {
  return retryAfterSeconds === null
    ? { status: 'failure', reason: 'locked' }
    : { status: 'failure', reason: 'locked', retryAfterSeconds };
}

/** Our own refusals pass through; anything else a store or the hasher threw is an outage. */
function unavailable(e: unknown): DomainError {
  return e instanceof DomainError ? e : new TemporarilyUnavailable(e);
}

async function io<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw unavailable(e);
  }
}
