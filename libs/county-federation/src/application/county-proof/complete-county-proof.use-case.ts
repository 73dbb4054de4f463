import { Injectable, Logger } from '@nestjs/common';
import {
  AuditService,
  Clock,
  parseNationalId,
  PiiService,
  type AffiliationTerm,
  type AuthContext,
} from '#identity-core';
import { RelyingPartyError, RelyingPartyService } from '#relying-party';
import { mapCountyClaims } from '../../domain/claims-mapping.js';
import { CountyProofFailed, type CountyProofFailureKind } from '../../domain/errors.js';
import { CountyProofStore } from '../../proof/county-proof.store.js';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';
import { failureKind } from '../../sign-in/county.sign-in-method.js';
import type { CountyProofPurpose } from '../../sign-in/county-return.store.js';
import { proofAuditAction } from './proof-audit.js';

/**
 * What the idp keeps (inside the activation flow, encrypted) to link the county identity once the
 * account is activated: never the national ID itself, its blind index.
 */
export interface CountyLinkTicket {
  county: string;
  subject: string;
  nid: string;
  terms: AffiliationTerm[];
}

/** A county's vouched identity, checked. */
export interface CountyProof {
  purpose: CountyProofPurpose;
  county: { id: string; name: string };
  /** `county:<id>`, for the audit events of the step that uses the proof. */
  via: string;
  nationalId: string;
  displayName: string | null;
  ticket: CountyLinkTicket;
}

export interface CompleteCountyProofCommand {
  /** The return route `/cncreturnpage` found for the state. */
  route: { for: CountyProofPurpose; county: string; proof: string };
  /** The handle from the browser's cookie. */
  handle: string | undefined;
  /** The callback's query parameters. */
  params: Record<string, string>;
}

/**
 * 使用縣市帳號證明身分, coming back: the handle must be the one of the browser that began (else
 * `mismatch`, and the proof is spent either way), the county still enabled and trusted, its answer
 * valid (issuer, audience, signature, nonce, state, expiry, `iat` skew: the relying party) and
 * carrying a well-formed national ID. Failures are audited and thrown as `CountyProofFailed`.
 */
@Injectable()
export class CompleteCountyProofUseCase {
  private readonly logger = new Logger('county');

  constructor(
    private readonly providers: CountyProviderRepository,
    private readonly rp: RelyingPartyService,
    private readonly proofs: CountyProofStore,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: CompleteCountyProofCommand, ctx: AuthContext): Promise<CountyProof> {
    const { route } = cmd;
    const county = await this.providers.find(route.county);
    const fail = async (kind: CountyProofFailureKind, reason: string) => {
      await this.audit.record({
        actor: 'anonymous',
        action: proofAuditAction(route.for),
        target: null,
        result: 'failure',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { via: `county:${route.county}`, reason },
      });
      return new CountyProofFailed(kind, county?.name ?? null);
    };
    const pending = await this.proofs.take(cmd.handle, route.proof);
    if (!pending || pending.purpose !== route.for || pending.county !== route.county)
      throw await fail('mismatch', 'other_browser');
    if (!county?.enabled || !county.trustNationalId) throw await fail('untrusted', 'untrusted_county');

    let subject: string;
    let claims: Record<string, unknown>;
    try {
      const result = await this.rp.completeLogin(
        this.providers.toProviderConfig(county),
        new URLSearchParams(cmd.params),
        pending.transaction,
        { userinfo: county.kind === 'oidc' },
      );
      subject = result.subject;
      claims = { ...result.claims, ...result.userinfo };
    } catch (e) {
      if (!(e instanceof RelyingPartyError)) throw e;
      this.logger.warn(`county ${county.id} proof: ${e.code}`);
      throw await fail(failureKind(e), e.code);
    }
    const profile = mapCountyClaims(claims, county.claimsMapping, this.clock.now());
    const nid = profile.nationalId ? parseNationalId(profile.nationalId) : null;
    if (!nid?.ok) throw await fail('no_national_id', 'no_national_id');
    return {
      purpose: route.for,
      county: { id: county.id, name: county.name },
      via: `county:${county.id}`,
      nationalId: nid.value,
      displayName: profile.displayName,
      ticket: {
        county: county.id,
        subject,
        nid: this.pii.nationalIdIndex(nid.value),
        terms: profile.terms,
      },
    };
  }
}
