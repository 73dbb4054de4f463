import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AuditService,
  Clock,
  PasswordAuthenticator,
  SIGN_IN_ORDER,
  type AffiliationTerm,
  type AuthContext,
  type JsonValue,
  type LocalizedText,
  type MethodState,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStep,
} from '#identity-core';
import { RelyingPartyError, RelyingPartyService, type LoginResult } from '#relying-party';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../county-federation.options.js';
import { mapCountyClaims, type CountyProfile } from '../domain/claims-mapping.js';
import type { CountyFailureKind } from '../domain/errors.js';
import type { CountyProviderEntity } from '../entities/county-provider.entity.js';
import { CountyProviderRepository } from '../providers/county-provider.repository.js';
import { CountyAccountLinker } from './county-account.linker.js';
import { CountyReturnStore } from './county-return.store.js';
import {
  ALREADY_LINKED,
  COUNTY_METHOD_LABEL,
  countyListView,
  failureNotice,
  linkView,
  NOT_ACTIVATED,
} from './county-views.js';

export const COUNTY_METHOD = 'county';

/** How long the login page's county button is shown without asking MySQL again. */
const SOME_ENABLED_TTL_MS = 30_000;

/** The steps: the county list, the county's answer (`/cncreturnpage`), proving the account once. */
export const COUNTY_STEPS = { choose: 'choose', return: 'return', link: 'link' } as const;

/** `amr` of a county login: federated, and which county (`county:tc`). */
export const countyAmr = (county: string) => ['fed', `county:${county}`];

/**
 * 使用縣市帳號登入: the county list, then the county's login page (state, nonce, PKCE through
 * #relying-party), then its answer at `/cncreturnpage`, validated, and the account found in the
 * issue's order (CountyAccountLinker). Every failure at the county comes back as the county list
 * with a notice naming the county, so the person can pick again or go back to the other ways in;
 * nothing is linked on any failure. The transaction stays in the step's state, which the idp
 * keeps with the engine's interaction in Redis (any instance can finish the login).
 */
@Injectable()
export class CountySignInMethod implements SignInMethod {
  readonly id = COUNTY_METHOD;
  readonly amr = ['fed'];
  readonly factor = 'federated';
  readonly stages = ['first'] as const;
  readonly presentation = { order: SIGN_IN_ORDER.countyAccount, label: COUNTY_METHOD_LABEL };
  private readonly logger = new Logger('county');

  private someEnabledUntil = 0;

  constructor(
    @Inject(COUNTY_FEDERATION_OPTIONS) private readonly options: ResolvedCountyFederationOptions,
    private readonly providers: CountyProviderRepository,
    private readonly rp: RelyingPartyService,
    private readonly returns: CountyReturnStore,
    private readonly linker: CountyAccountLinker,
    private readonly password: PasswordAuthenticator,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Only when operators enabled at least one county. Asked on every login page: a database outage
   * hides the button rather than taking the page (and its password form) down with it.
   */
  async availableFor(situation: SignInSituation): Promise<boolean> {
    if (situation.account !== null) return false;
    // Once some county is enabled, the button stays for 30 s without asking MySQL on every login
    // page (the list behind it is read fresh when pressed); none enabled is asked each time, so a
    // county just added shows at once.
    const now = this.clock.now().getTime();
    if (this.someEnabledUntil > now) return true;
    try {
      const some = (await this.providers.listEnabled()).length > 0;
      if (some) this.someEnabledUntil = now + SOME_ENABLED_TTL_MS;
      return some;
    } catch (e) {
      this.logger.warn(`county list unavailable: ${(e as Error).message}`);
      return false;
    }
  }

  async begin(): Promise<SignInOutcome> {
    return this.chooseAgain();
  }

  async complete(step: SignInStep, _situation: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    switch (step.step) {
      case COUNTY_STEPS.choose:
        return this.goToCounty(step.form.county ?? '', ctx);
      case COUNTY_STEPS.return:
        return this.countyAnswered(step, ctx);
      case COUNTY_STEPS.link:
        return this.linkByPassword(step, ctx);
      default:
        return this.chooseAgain();
    }
  }

  private async goToCounty(countyId: string, ctx: AuthContext): Promise<SignInOutcome> {
    const county = await this.enabledCounty(countyId);
    if (!county || !ctx.loginId) return this.chooseAgain();
    try {
      const { url, transaction } = await this.rp.beginLogin(this.providers.toProviderConfig(county), {
        redirectUri: this.options.redirectUri,
        returnTo: ctx.loginId,
      });
      await this.returns.remember(transaction.state, { for: 'login', login: ctx.loginId, county: county.id });
      return {
        kind: 'challenge',
        step: COUNTY_STEPS.return,
        state: { county: county.id, transaction: transaction as unknown as JsonValue },
        view: { kind: 'redirect', url },
      };
    } catch (e) {
      return this.failed(county, e, ctx, null);
    }
  }

  private async countyAnswered(step: SignInStep, ctx: AuthContext): Promise<SignInOutcome> {
    const county = await this.enabledCounty(String(step.state?.county ?? ''));
    if (!county) return this.chooseAgain();
    let result: LoginResult;
    let profile: CountyProfile;
    try {
      result = await this.rp.completeLogin(
        this.providers.toProviderConfig(county),
        new URLSearchParams(step.form),
        step.state?.transaction,
        { userinfo: county.kind === 'oidc' },
      );
      profile = mapCountyClaims(
        { ...result.claims, ...result.userinfo },
        county.claimsMapping,
        this.clock.now(),
      );
    } catch (e) {
      return this.failed(county, e, ctx, null);
    }
    const resolution = await this.linker.resolve(county, result.subject, profile, ctx);
    switch (resolution.kind) {
      case 'account':
        await this.recordLogin(county, resolution.account.sub, 'success', ctx, {});
        return { kind: 'identified', account: resolution.account, amr: countyAmr(county.id) };
      case 'refused':
        await this.recordLogin(county, null, 'failure', ctx, { reason: resolution.reason });
        return { kind: 'rejected', reason: resolution.reason };
      case 'not_activated':
        await this.recordLogin(county, null, 'failure', ctx, { reason: 'not_activated' });
        return this.chooseAgain(NOT_ACTIVATED(county.name));
      case 'link':
        return {
          kind: 'challenge',
          step: COUNTY_STEPS.link,
          state: {
            county: county.id,
            subject: result.subject,
            name: profile.displayName,
            nid: this.linker.nationalIdIndex(county, profile),
            terms: profile.terms as unknown as JsonValue,
          },
          view: linkView(county.name, profile.displayName),
        };
    }
  }

  private async linkByPassword(step: SignInStep, ctx: AuthContext): Promise<SignInOutcome> {
    const state = step.state ?? {};
    const county = await this.enabledCounty(String(state.county ?? ''));
    if (!county || typeof state.subject !== 'string') return this.chooseAgain();
    // The password check of the login form: the AttemptGate, lockout, rehash and its audit event.
    const r = await this.password.verify(
      { login: step.form.login ?? '', password: step.form.password ?? '' },
      ctx,
    );
    if (r.status !== 'success')
      return r.retryAfterSeconds === undefined
        ? { kind: 'rejected', reason: r.reason }
        : { kind: 'rejected', reason: r.reason, retryAfterSeconds: r.retryAfterSeconds };
    const linked = await this.linker.linkProven(
      r.account,
      county,
      state.subject,
      typeof state.nid === 'string' ? state.nid : null,
      (Array.isArray(state.terms) ? state.terms : []) as unknown as AffiliationTerm[],
      'password',
      ctx,
    );
    if (linked === 'other_person') return { kind: 'rejected', reason: 'invalid_credentials' };
    if (linked === 'already_linked') return this.linkAgain(state, county, ALREADY_LINKED(county.name));
    await this.recordLogin(county, r.account.sub, 'success', ctx, { linkedBy: 'password' });
    return { kind: 'identified', account: r.account, amr: [...countyAmr(county.id), 'pwd'] };
  }

  private linkAgain(state: MethodState, county: CountyProviderEntity, notice: LocalizedText): SignInOutcome {
    return {
      kind: 'challenge',
      step: COUNTY_STEPS.link,
      state,
      view: linkView(county.name, typeof state.name === 'string' ? state.name : null, notice),
    };
  }

  private async chooseAgain(notice?: LocalizedText): Promise<SignInOutcome> {
    const counties = await this.providers.listEnabled();
    const origins = counties
      .map((c) => this.rp.authorizationOrigin(this.providers.toProviderConfig(c)))
      .filter((o): o is string => o !== null);
    return {
      kind: 'challenge',
      step: COUNTY_STEPS.choose,
      state: {},
      view: countyListView(counties, [...new Set(origins)], notice),
    };
  }

  /** Any failure at or of the county: audited with its code, nothing linked, the list again. */
  private async failed(
    county: CountyProviderEntity,
    error: unknown,
    ctx: AuthContext,
    sub: string | null,
  ): Promise<SignInOutcome> {
    if (!(error instanceof RelyingPartyError)) throw error;
    this.logger.warn(
      `county ${county.id}: ${error.code} ${String(error.details?.reason ?? error.details?.error ?? '')}`,
    );
    await this.recordLogin(county, sub, 'failure', ctx, {
      reason: error.code,
      ...(error.details?.error ? { error: String(error.details.error) } : {}),
    });
    return this.chooseAgain(failureNotice(county.name, failureKind(error)));
  }

  private async enabledCounty(id: string): Promise<CountyProviderEntity | null> {
    const county = id ? await this.providers.find(id) : null;
    return county?.enabled ? county : null;
  }

  private recordLogin(
    county: CountyProviderEntity,
    sub: string | null,
    result: 'success' | 'failure',
    ctx: AuthContext,
    details: Record<string, unknown>,
  ) {
    return this.audit.record({
      actor: sub ? `account:${sub}` : 'anonymous',
      action: 'login.county',
      target: sub ? `account:${sub}` : `county:${county.id}`,
      result,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { county: county.id, ...details },
    });
  }
}

/** The page-level reason of a relying-party failure (shared with the identity proofs). */
export function failureKind(e: RelyingPartyError): CountyFailureKind {
  if (e.code === 'upstream_unavailable') return 'unavailable';
  if (e.code === 'transaction_expired') return 'expired';
  if (e.code === 'upstream_error' && e.details?.error === 'access_denied') return 'denied';
  return 'invalid';
}
