import { Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository.js';
import { DomainError, TemporarilyUnavailable } from '../domain/index.js';
import type { AccountEntity } from '../entities/account.entity.js';
import type { AuthContext } from './authenticator.js';
import { SignInMethodRegistry } from './sign-in-method.registry.js';
import {
  START_STEP,
  type FactorKind,
  type MethodState,
  type MethodView,
  type RejectReason,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStage,
} from './sign-in-method.js';
import { ACR, SignInPolicy, type AcrRequest } from './sign-in-policy.js';

/** A challenge waiting for its answer. */
export interface PendingStep {
  method: string;
  step: string;
  state: MethodState;
  view: MethodView;
}

/**
 * Where one login stands. The idp keeps it with the engine's interaction (Redis), never in process
 * memory, so any instance can take the next step; it ends with the interaction.
 */
export interface SignInProgress {
  /** The account the factors so far identified (`sub`); null before the first. */
  accountSub: string | null;
  amr: string[];
  factors: FactorKind[];
  pending: PendingStep | null;
}

export interface SignInRequest {
  clientId: string;
  acr: AcrRequest;
}

/** What the idp does next; `progress` is what it stores with the interaction first. */
export type SignInNext =
  | { next: 'finish'; accountSub: string; amr: string[]; acr: string }
  | { next: 'show'; progress: SignInProgress; pending: PendingStep }
  | { next: 'choose'; progress: SignInProgress; methods: SignInMethod[] }
  | {
      next: 'rejected';
      method: SignInMethod;
      reason: RejectReason;
      retryAfterSeconds?: number;
      /** The challenge the rejected answer was for, still open (null for a first form). */
      pending: PendingStep | null;
    }
  | { next: 'unmet' };

/** The method or step asked for is not one this login can take now (stale form, hand-made URL). */
export class SignInStepUnknown extends DomainError {
  constructor() {
    super('sign_in_step_unknown', 'this sign-in step is not open for this login');
  }
}

interface Entered {
  method: SignInMethod;
  stage: SignInStage;
  situation: SignInSituation;
  /** The progress this method's outcome builds on (a first factor starts afresh). */
  base: SignInProgress;
}

const FRESH: SignInProgress = { accountSub: null, amr: [], factors: [], pending: null };

/**
 * Runs one step of one sign-in method for an interaction and tells the idp what comes next: the
 * registry says which methods exist, the methods answer identified / challenge / rejected, the
 * SignInPolicy decides whether another factor is needed and the acr. One load per request.
 */
@Injectable()
export class SignInFlow {
  constructor(
    private readonly registry: SignInMethodRegistry,
    private readonly policy: SignInPolicy,
    private readonly accounts: AccountRepository,
  ) {}

  /** The first-factor methods the login page offers for this client, in order. */
  firstFactors(clientId: string): Promise<SignInMethod[]> {
    return this.registry.available('first', { clientId, account: null, amr: [] });
  }

  /** The acr values a login here can reach (an essential acr outside them is refused up front). */
  achievableAcrs(): string[] {
    return this.policy.achievableAcrs(this.registry.all());
  }

  async begin(
    methodId: string,
    progress: SignInProgress | null,
    request: SignInRequest,
    ctx: AuthContext,
  ): Promise<SignInNext> {
    const e = await this.enter(methodId, progress, request);
    if (!e.method.begin) throw new SignInStepUnknown();
    return this.settle(e, await e.method.begin(e.situation, ctx), null, request, ctx);
  }

  async complete(
    methodId: string,
    step: string,
    form: Readonly<Record<string, string>>,
    progress: SignInProgress | null,
    request: SignInRequest,
    ctx: AuthContext,
  ): Promise<SignInNext> {
    const e = await this.enter(methodId, progress, request);
    const pending = progress?.pending;
    const open = pending && pending.method === methodId && pending.step === step ? pending : null;
    if (!open && !(step === START_STEP && !e.method.begin)) throw new SignInStepUnknown();
    const outcome = await e.method.complete({ step, form, state: open?.state ?? null }, e.situation, ctx);
    return this.settle(e, outcome, open, request, ctx);
  }

  private async enter(
    methodId: string,
    progress: SignInProgress | null,
    request: SignInRequest,
  ): Promise<Entered> {
    const method = this.registry.get(methodId);
    if (!method) throw new SignInStepUnknown();
    const sub = progress?.accountSub ?? null;
    let e: Entered;
    if (sub && method.stages.includes('second')) {
      const account = await this.load(sub);
      if (!account) throw new SignInStepUnknown();
      e = {
        method,
        stage: 'second',
        situation: { clientId: request.clientId, account, amr: progress!.amr },
        base: { ...progress!, pending: null },
      };
    } else if (method.stages.includes('first')) {
      e = {
        method,
        stage: 'first',
        situation: { clientId: request.clientId, account: null, amr: [] },
        base: FRESH,
      };
    } else {
      throw new SignInStepUnknown();
    }
    if (!(await method.availableFor(e.situation))) throw new SignInStepUnknown();
    return e;
  }

  private async settle(
    e: Entered,
    outcome: SignInOutcome,
    open: PendingStep | null,
    request: SignInRequest,
    ctx: AuthContext,
  ): Promise<SignInNext> {
    if (outcome.kind === 'challenge') {
      const pending = { method: e.method.id, step: outcome.step, state: outcome.state, view: outcome.view };
      return { next: 'show', progress: { ...e.base, pending }, pending };
    }
    if (outcome.kind === 'rejected') {
      const { reason, retryAfterSeconds } = outcome;
      return { next: 'rejected', method: e.method, reason, retryAfterSeconds, pending: open };
    }
    // A further factor must prove the account the first one identified.
    if (e.stage === 'second' && outcome.account.sub !== e.base.accountSub)
      return { next: 'rejected', method: e.method, reason: 'invalid_credentials', pending: open };
    const progress: SignInProgress = {
      accountSub: outcome.account.sub,
      amr: [...new Set([...e.base.amr, ...outcome.amr])],
      factors: [...new Set([...e.base.factors, e.method.factor, ...(outcome.factors ?? [])])],
      pending: null,
    };
    const account = this.policy.needsAffiliations
      ? ((await this.load(outcome.account.sub)) ?? outcome.account)
      : outcome.account;
    const situation = { clientId: request.clientId, account, amr: progress.amr };
    const login = { account, factors: progress.factors };
    // Which further factors the account has costs lookups (TOTP, SMS, recovery codes): only asked
    // when the policy wants one.
    const candidates = this.policy.wantsFurtherFactor(login, request.acr)
      ? await this.registry.available('second', situation)
      : [];
    const decision = this.policy.decide(login, request.acr, candidates);
    if ('unmet' in decision) return { next: 'unmet' };
    if (decision.done) {
      // RFC 8176: `mfa` says that factors of more than one kind were used.
      const amr = decision.acr === ACR.multiFactor ? [...progress.amr, 'mfa'] : progress.amr;
      return { next: 'finish', accountSub: progress.accountSub!, amr, acr: decision.acr };
    }
    const [only] = decision.methods;
    if (decision.methods.length === 1 && only!.begin) {
      const next: Entered = { method: only!, stage: 'second', situation, base: progress };
      return this.settle(next, await only!.begin(situation, ctx), null, request, ctx);
    }
    return { next: 'choose', progress, methods: decision.methods };
  }

  private async load(sub: string): Promise<AccountEntity | null> {
    try {
      return this.policy.needsAffiliations
        ? await this.accounts.findWithAffiliations(sub)
        : await this.accounts.findBySub(sub);
    } catch (e) {
      throw e instanceof DomainError ? e : new TemporarilyUnavailable(e);
    }
  }
}
