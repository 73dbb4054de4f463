import { Inject, Injectable } from '@nestjs/common';
import { AuditService, type AuthContext } from '#identity-core';
import { RelyingPartyError, RelyingPartyService } from '#relying-party';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../../county-federation.options.js';
import { CountyProofFailed } from '../../domain/errors.js';
import { CountyProofStore } from '../../proof/county-proof.store.js';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';
import { failureKind } from '../../sign-in/county.sign-in-method.js';
import { CountyReturnStore, type CountyProofPurpose } from '../../sign-in/county-return.store.js';
import { COUNTY_ID } from '../save-county/county-rules.js';
import { proofAuditAction } from './proof-audit.js';

/**
 * 使用縣市帳號證明身分, going: the county's login page with state, nonce and PKCE (the relying
 * party, as for a login), the transaction kept under the browser's handle (CountyProofStore) and
 * `/cncreturnpage` told that this state is a proof for `purpose`. Only an enabled county trusted
 * for national IDs; anything else is `CountyProofFailed`, with nothing kept.
 */
@Injectable()
export class BeginCountyProofUseCase {
  constructor(
    @Inject(COUNTY_FEDERATION_OPTIONS) private readonly options: ResolvedCountyFederationOptions,
    private readonly providers: CountyProviderRepository,
    private readonly rp: RelyingPartyService,
    private readonly proofs: CountyProofStore,
    private readonly returns: CountyReturnStore,
    private readonly audit: AuditService,
  ) {}

  /** Where to send the browser, and the handle to give it (cookie) until it comes back. */
  async execute(
    cmd: { county: string; purpose: CountyProofPurpose },
    ctx: AuthContext,
  ): Promise<{ url: string; handle: string }> {
    const county = COUNTY_ID.test(cmd.county) ? await this.providers.find(cmd.county) : null;
    const fail = async (kind: CountyProofFailed['kind'], reason: string) => {
      await this.audit.record({
        actor: 'anonymous',
        action: proofAuditAction(cmd.purpose),
        target: null,
        result: 'failure',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { via: `county:${county?.id ?? cmd.county.slice(0, 32)}`, reason },
      });
      return new CountyProofFailed(kind, county?.name ?? null);
    };
    if (!county?.enabled || !county.trustNationalId) throw await fail('untrusted', 'untrusted_county');
    let begun;
    try {
      begun = await this.rp.beginLogin(this.providers.toProviderConfig(county), {
        redirectUri: this.options.redirectUri,
      });
    } catch (e) {
      if (!(e instanceof RelyingPartyError)) throw e;
      throw await fail(failureKind(e), e.code);
    }
    const { handle, handleHash } = await this.proofs.create({
      purpose: cmd.purpose,
      county: county.id,
      transaction: begun.transaction,
    });
    await this.returns.remember(begun.transaction.state, {
      for: cmd.purpose,
      county: county.id,
      proof: handleHash,
    });
    return { url: begun.url, handle };
  }
}
