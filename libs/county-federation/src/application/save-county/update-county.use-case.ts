import { Inject, Injectable } from '@nestjs/common';
import { AuditService, PiiService } from '#identity-core';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../../county-federation.options.js';
import type { ClaimsMapping } from '../../domain/claims-mapping.js';
import { CountyConfigInvalid, CountyNotFound } from '../../domain/errors.js';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';
import type { CountyView, UpdateCountyCommand } from './county.command.js';
import { countyProblems, countyView, normalizeName, type CountyRow } from './county-rules.js';

/** A county's settings an update may change, in the audit's order (the secret apart). */
const AUDITED_FIELDS = [
  'name',
  'issuer',
  'clientId',
  'authMethod',
  'scopes',
  'claimsMapping',
  'trustNationalId',
  'provision',
  'endpoints',
  'subjectClaim',
  'enabled',
] as const satisfies readonly (keyof CountyRow)[];

/** Plain values and the JSON ones (claims mapping, endpoints), as stored. */
const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** `counties:update` (only the given fields) and `counties:disable` (enabled = false). */
@Injectable()
export class UpdateCountyUseCase {
  constructor(
    @Inject(COUNTY_FEDERATION_OPTIONS) private readonly options: ResolvedCountyFederationOptions,
    private readonly providers: CountyProviderRepository,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: UpdateCountyCommand): Promise<CountyView> {
    const current = await this.providers.find(cmd.id);
    if (!current) throw new CountyNotFound(cmd.id);
    const { createdAt: _c, updatedAt: _u, ...was } = current;
    const row: CountyRow = {
      ...was,
      ...(cmd.name !== undefined && { name: normalizeName(cmd.name) }),
      ...(cmd.issuer !== undefined && { issuer: cmd.issuer }),
      ...(cmd.clientId !== undefined && { clientId: cmd.clientId }),
      ...(cmd.authMethod !== undefined && { authMethod: cmd.authMethod }),
      ...(cmd.scopes !== undefined && { scopes: cmd.scopes.join(' ') }),
      ...(cmd.claimsMapping !== undefined && { claimsMapping: cmd.claimsMapping as ClaimsMapping | null }),
      ...(cmd.trustNationalId !== undefined && { trustNationalId: cmd.trustNationalId }),
      ...(cmd.provision !== undefined && { provision: cmd.provision }),
      ...(cmd.subjectClaim !== undefined && { subjectClaim: cmd.subjectClaim }),
      ...(cmd.enabled !== undefined && { enabled: cmd.enabled }),
    };
    if (cmd.endpoints && row.kind === 'oauth2')
      row.endpoints = {
        authorization: cmd.endpoints.authorization ?? row.endpoints?.authorization ?? '',
        token: cmd.endpoints.token ?? row.endpoints?.token ?? '',
        profile: cmd.endpoints.profile ?? row.endpoints?.profile ?? [],
      };
    const currentSecret = this.pii.decrypt(current.clientSecretCipher);
    const secret = cmd.clientSecret ?? currentSecret;
    const problems = countyProblems(row, secret, this.options.allowInsecureHttp);
    if (problems.length) throw new CountyConfigInvalid(problems);
    // The secret is compared, never recorded: the audit names it as changed, like a rotation.
    const secretChanged = cmd.clientSecret !== undefined && cmd.clientSecret !== currentSecret;
    if (secretChanged) row.clientSecretCipher = this.providers.encryptSecret(secret);
    const { id, ...changes } = row;
    await this.providers.update(id, changes);
    // A form posts every field: the audit names only those whose value is now different.
    const changed = AUDITED_FIELDS.filter((k) => !sameValue(was[k], row[k]));
    const asked = Object.keys(cmd).filter((k) => !['id', 'actor', 'clientSecret'].includes(k));
    await this.audit.record({
      actor: cmd.actor,
      action: cmd.enabled === false && asked.length === 1 ? 'county.disable' : 'county.update',
      target: `county:${id}`,
      result: 'success',
      details: { changed: [...changed, ...(secretChanged ? ['clientSecret'] : [])] },
    });
    return countyView((await this.providers.find(id))!, this.options.redirectUri);
  }
}
