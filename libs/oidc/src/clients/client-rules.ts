import { SUPPORTED_SCOPES } from '../claims/scopes.js';

/** Development RPs may use http on this machine only; compared as parsed hosts, never as text. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An absolute https URI without fragment or user info; http to a loopback host only where
 * `loopbackHttp` (the CLI, and the portal outside production).
 */
export function validClientUrl(value: string, loopbackHttp = true): boolean {
  try {
    const u = new URL(value);
    if (u.hash || u.username || u.password) return false;
    if (u.protocol === 'https:') return true;
    return loopbackHttp && u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

/** The registration problems of a set of redirect URIs and scopes (the national ID needs its approval). */
export function clientProblems(
  redirectUris: string[],
  scopes: string[],
  approvePersonid: boolean,
  loopbackHttp = true,
): { field: string; code: string }[] {
  const problems: { field: string; code: string }[] = [];
  if (!redirectUris.every((u) => validClientUrl(u, loopbackHttp)))
    problems.push({ field: 'redirectUri', code: 'format' });
  if (!scopes.every((s) => SUPPORTED_SCOPES.includes(s)))
    problems.push({ field: 'scopes', code: 'unsupported' });
  if (scopes.includes('personid') && !approvePersonid)
    problems.push({ field: 'scopes', code: 'personid_needs_approval' });
  return problems;
}
