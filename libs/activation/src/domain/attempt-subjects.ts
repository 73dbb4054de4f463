/**
 * What AttemptGate counts activation codes under: their own factor, per national ID as its blind
 * index (a keyed hash, so neither Redis nor the audit trail holds the ID), before any account is
 * looked up, so unknown IDs are counted exactly like real ones.
 */
export const ACTIVATION_FACTOR = 'activation';

export function activationSubject(nationalIdIndex: string): string {
  return `n:${nationalIdIndex}`;
}
