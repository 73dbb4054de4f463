import { DomainError } from '#identity-core';
import { SigningKeyUnreadable } from '#oidc';

/**
 * What an operator needs when the idp cannot start for a reason of its configuration or data:
 * one line naming what to fix. Anything else is a bug, and keeps its stack trace.
 */
export function bootFailureLine(error: unknown): string | null {
  if (error instanceof SigningKeyUnreadable) {
    const id = JSON.stringify(error.piiKeyId ?? '?');
    return error.reason === 'pii_key_unknown'
      ? `idp: cannot start: PII_KEYS lacks the key ${id} that encrypted the stored signing keys; keep every key that encrypted stored data in PII_KEYS (the new key first, the old ones after it)`
      : `idp: cannot start: the PII_KEYS key ${id} does not decrypt the stored signing keys; it is not the key that was first used under that id`;
  }
  if (error instanceof DomainError) return `idp: cannot start: ${error.message}`;
  return null;
}
