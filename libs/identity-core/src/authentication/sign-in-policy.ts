import { Inject, Injectable } from '@nestjs/common';
import { roleOfTitle, type EduCloudRole } from '../domain/roles.js';
import type { AccountEntity } from '../entities/account.entity.js';
import { IDENTITY_CORE_OPTIONS, type IdentityCoreOptions } from '../identity-core.options.js';
import type { FactorKind, SignInMethod } from './sign-in-method.js';

/**
 * The authentication context classes a login can reach. `password` is the single-factor level
 * (named when a password was the only way in; RPs already ask for it), `mfa` needs two factors of
 * different kinds.
 */
export const ACR = {
  singleFactor: 'urn:edu-sso:acr:password',
  multiFactor: 'urn:edu-sso:acr:mfa',
} as const;

export const ACR_VALUES: readonly string[] = [ACR.singleFactor, ACR.multiFactor];

export interface SignInPolicyOptions {
  /** Affiliation titles (教務主任, 資訊組長 …) whose holders need a second factor when they have one. */
  secondFactorTitles: string[];
  /** Roles (educloudroles: every staff title is `staff`) whose holders need a second factor when they have one. */
  secondFactorRoles: EduCloudRole[];
}

/** What the RP asked for: `acr_values` (voluntary) and an essential `acr` claim (OIDC Core 5.5.1.1). */
export interface AcrRequest {
  acrValues: readonly string[];
  /** Undefined when the RP did not make `acr` essential. */
  essential?: readonly string[];
}

export type PolicyDecision =
  | { done: true; acr: string }
  /** Ask for one of `methods` next (further factors of kinds not collected yet). */
  | { done: false; methods: SignInMethod[] }
  /** The RP made an acr essential that this account cannot reach. */
  | { unmet: true };

/**
 * Decides what a login still needs and the `acr` it reached: typed config, not ifs in controllers.
 * A second factor is asked for when the RP requests `mfa` (acr_values or essential) or the account
 * holds one of `secondFactorTitles`, and only when the account has such a factor: a voluntary
 * request the account cannot meet ends with the level reached, an essential one is refused.
 */
@Injectable()
export class SignInPolicy {
  readonly options: SignInPolicyOptions;

  constructor(@Inject(IDENTITY_CORE_OPTIONS) core: IdentityCoreOptions) {
    this.options = { secondFactorTitles: [], secondFactorRoles: [], ...core.signInPolicy };
  }

  /** The acr a set of factors reaches. */
  acrFor(factors: readonly FactorKind[]): string {
    return new Set(factors).size >= 2 ? ACR.multiFactor : ACR.singleFactor;
  }

  /** The acr values some account could reach with these methods (to refuse an essential acr up front). */
  achievableAcrs(methods: readonly SignInMethod[]): string[] {
    const first = methods.filter((m) => m.stages.includes('first'));
    if (!first.length) return [];
    const second = methods.filter((m) => m.stages.includes('second'));
    // A card with its PIN is two kinds in one method; else a further factor of another kind.
    const kinds = (m: SignInMethod) => new Set([m.factor, ...(m.factors ?? [])]);
    const mfa =
      first.some((f) => kinds(f).size >= 2) || first.some((f) => second.some((s) => s.factor !== f.factor));
    return mfa ? [ACR.singleFactor, ACR.multiFactor] : [ACR.singleFactor];
  }

  /** True when the account's affiliations must be loaded for `decide` (titles are configured). */
  get needsAffiliations(): boolean {
    return this.options.secondFactorTitles.length > 0 || this.options.secondFactorRoles.length > 0;
  }

  /**
   * Whether this login should go on to a further factor, before anyone looks up which the account
   * has: most logins (a student, no `mfa` asked) end here without those lookups.
   */
  wantsFurtherFactor(
    login: { account: AccountEntity; factors: readonly FactorKind[] },
    request: AcrRequest,
  ): boolean {
    const reached = this.acrFor(login.factors);
    if (reached === ACR.multiFactor) return false;
    const essentialUnmet = request.essential !== undefined && !request.essential.includes(reached);
    return essentialUnmet || request.acrValues.includes(ACR.multiFactor) || this.isStaff(login.account);
  }

  /**
   * After a factor: done (with the acr), another factor from `candidates` (the further-factor
   * methods available for this account), or unmet.
   */
  decide(
    login: { account: AccountEntity; factors: readonly FactorKind[] },
    request: AcrRequest,
    candidates: readonly SignInMethod[],
  ): PolicyDecision {
    const reached = this.acrFor(login.factors);
    if (!this.wantsFurtherFactor(login, request)) return { done: true, acr: reached };
    const essentialUnmet = request.essential !== undefined && !request.essential.includes(reached);
    const methods = candidates.filter((m) => !login.factors.includes(m.factor));
    if (methods.length) return { done: false, methods };
    return essentialUnmet ? { unmet: true } : { done: true, acr: reached };
  }

  private isStaff(account: AccountEntity): boolean {
    const { secondFactorTitles: titles, secondFactorRoles: roles } = this.options;
    if (!titles.length && !roles.length) return false;
    return (account.affiliations ?? []).some((a) =>
      a.titles.some((t) => titles.includes(t) || roles.includes(roleOfTitle(t))),
    );
  }
}
