import { Injectable, Logger } from '@nestjs/common';
import type { LocalizedText } from '#identity-core';
import { RelyingPartyService } from '#relying-party';
import { countyLabel } from '../../domain/counties.js';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';

export interface ProofCounties {
  /** Enabled counties trusted for national IDs, north to south. */
  counties: { id: string; label: LocalizedText }[];
  /** Their authorization origins: the page's CSP `form-action` must allow the redirect there. */
  origins: string[];
}

/**
 * The counties offered on /activate and /apply (使用縣市帳號證明身分): only those operators trust
 * to vouch for national IDs, since the national ID is what finds the pending account or makes the
 * new one. A database outage offers none rather than taking the code-based form down with it.
 */
@Injectable()
export class ListProofCountiesUseCase {
  private readonly logger = new Logger('county');

  constructor(
    private readonly providers: CountyProviderRepository,
    private readonly rp: RelyingPartyService,
  ) {}

  async execute(): Promise<ProofCounties> {
    try {
      const trusted = (await this.providers.listEnabled()).filter((c) => c.trustNationalId);
      const origins = trusted
        .map((c) => this.rp.authorizationOrigin(this.providers.toProviderConfig(c)))
        .filter((o): o is string => o !== null);
      return {
        counties: trusted.map((c) => ({ id: c.id, label: countyLabel(c.name) })),
        origins: [...new Set(origins)],
      };
    } catch (e) {
      this.logger.warn(`county list unavailable: ${(e as Error).message}`);
      return { counties: [], origins: [] };
    }
  }
}
