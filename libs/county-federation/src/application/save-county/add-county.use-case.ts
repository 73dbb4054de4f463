import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#identity-core';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../../county-federation.options.js';
import { CountyConfigInvalid, CountyExists } from '../../domain/errors.js';
import type { ClaimsMapping } from '../../domain/claims-mapping.js';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';
import type { AddCountyCommand, CountyView } from './county.command.js';
import {
  countyProblems,
  countyView,
  DEFAULT_OIDC_SCOPES,
  normalizeName,
  type CountyRow,
} from './county-rules.js';

/** `counties:add`: a new upstream provider, its secret encrypted; prints the redirect URI to register. */
@Injectable()
export class AddCountyUseCase {
  constructor(
    @Inject(COUNTY_FEDERATION_OPTIONS) private readonly options: ResolvedCountyFederationOptions,
    private readonly providers: CountyProviderRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: AddCountyCommand): Promise<CountyView> {
    const kind = cmd.kind ?? 'oidc';
    const endpoints =
      kind === 'oauth2'
        ? {
            authorization: cmd.endpoints?.authorization ?? '',
            token: cmd.endpoints?.token ?? '',
            profile: cmd.endpoints?.profile ?? [],
          }
        : null;
    const issuer =
      cmd.issuer ??
      (kind === 'oauth2' && endpoints?.authorization ? safeOrigin(endpoints.authorization) : '');
    const row: CountyRow = {
      id: cmd.id,
      name: normalizeName(cmd.name),
      kind,
      issuer,
      clientId: cmd.clientId,
      clientSecretCipher: '',
      authMethod: cmd.authMethod ?? 'client_secret_basic',
      scopes: (cmd.scopes ?? (kind === 'oidc' ? DEFAULT_OIDC_SCOPES : [])).join(' '),
      endpoints,
      subjectClaim: kind === 'oauth2' ? (cmd.subjectClaim ?? 'id') : null,
      claimsMapping: (cmd.claimsMapping ?? null) as ClaimsMapping | null,
      trustNationalId: cmd.trustNationalId ?? false,
      provision: cmd.provision ?? false,
      enabled: cmd.enabled ?? true,
    };
    const problems = countyProblems(row, cmd.clientSecret, this.options.allowInsecureHttp);
    if (problems.length) throw new CountyConfigInvalid(problems);
    if (await this.providers.exists(row.id)) throw new CountyExists(row.id);
    row.clientSecretCipher = this.providers.encryptSecret(cmd.clientSecret);
    await this.providers.insert(row);
    await this.audit.record({
      actor: cmd.actor,
      action: 'county.add',
      target: `county:${row.id}`,
      result: 'success',
      details: {
        name: row.name,
        kind,
        issuer,
        trustNationalId: row.trustNationalId,
        provision: row.provision,
      },
    });
    return countyView((await this.providers.find(row.id))!, this.options.redirectUri);
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
