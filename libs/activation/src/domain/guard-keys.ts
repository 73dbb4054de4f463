/**
 * BruteForceGuard keys. The national ID enters only as its blind index (a keyed hash): the guard
 * hashes keys with plain SHA-256, which anyone could reverse for the ~10^9 possible IDs.
 */
export const ACTIVATION_FACTOR = 'activation';

export function activationGuardKey(nationalIdIndex: string): string {
  return `nid:${nationalIdIndex}`;
}
