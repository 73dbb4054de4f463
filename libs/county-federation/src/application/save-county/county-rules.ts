import { assertProviderConfig, RelyingPartyError } from '#relying-party';
import { parseClaimsMapping } from '../../domain/claims-mapping.js';
import { canonicalCountyName } from '../../domain/counties.js';
import type { CountyProviderEntity } from '../../entities/county-provider.entity.js';
import type { CountyView } from './county.command.js';

export const COUNTY_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const DEFAULT_OIDC_SCOPES = ['openid', 'exchangedata'];

export type CountyRow = Omit<CountyProviderEntity, 'createdAt' | 'updatedAt'>;

/** Every problem of a county row about to be stored, by option name; empty when it is usable. */
export function countyProblems(row: CountyRow, clientSecret: string, allowHttp: boolean): string[] {
  const problems: string[] = [];
  if (!COUNTY_ID.test(row.id)) problems.push('id: lowercase letters, digits and "-", up to 32');
  if (!row.name || row.name.length > 32) problems.push('name: 1–32 characters');
  if (row.provision && !row.trustNationalId)
    problems.push(
      'provision: needs --trust-national-id (without a vouched national ID a new account may duplicate one)',
    );
  if (row.claimsMapping !== null) {
    const m = parseClaimsMapping(row.claimsMapping);
    if (!m.ok) problems.push(...m.problems.map((p) => `claims: ${p}`));
  }
  try {
    assertProviderConfig(
      row.kind === 'oidc'
        ? {
            id: row.id,
            kind: 'oidc',
            issuer: row.issuer,
            clientId: row.clientId,
            clientSecret,
            authMethod: row.authMethod,
            scopes: row.scopes.split(' ').filter(Boolean),
          }
        : {
            id: row.id,
            kind: 'oauth2',
            issuer: row.issuer,
            clientId: row.clientId,
            clientSecret,
            authMethod: row.authMethod,
            scopes: row.scopes.split(' ').filter(Boolean),
            endpoints: row.endpoints as never,
            subjectClaim: row.subjectClaim ?? '',
          },
    );
  } catch (e) {
    if (!(e instanceof RelyingPartyError)) throw e;
    problems.push(
      ...String(e.details.reason ?? 'configuration')
        .split(',')
        .map((f) => `${optionName(f)}: invalid`),
    );
  }
  const urls = [
    row.issuer,
    row.endpoints?.authorization,
    row.endpoints?.token,
    ...(row.endpoints?.profile ?? []),
  ];
  if (!allowHttp && urls.some((u) => typeof u === 'string' && u.startsWith('http:')))
    problems.push('issuer/endpoints: must be https');
  return [...new Set(problems)];
}

function optionName(field: string): string {
  return (
    {
      clientId: 'client-id',
      clientSecret: 'client-secret',
      authMethod: 'auth-method',
      'endpoints.authorization': 'authorization-endpoint',
      'endpoints.token': 'token-endpoint',
      'endpoints.profile': 'userinfo-endpoint',
      subjectClaim: 'subject-claim',
    }[field] ?? field
  );
}

export function normalizeName(name: string): string {
  return canonicalCountyName(name);
}

export function countyView(c: CountyProviderEntity, redirectUri: string): CountyView {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    issuer: c.issuer,
    clientId: c.clientId,
    authMethod: c.authMethod,
    scopes: c.scopes.split(' ').filter(Boolean),
    endpoints: c.endpoints,
    subjectClaim: c.subjectClaim,
    claimsMapping: c.claimsMapping ?? 'default',
    trustNationalId: c.trustNationalId,
    provision: c.provision,
    enabled: c.enabled,
    redirectUri,
  };
}
