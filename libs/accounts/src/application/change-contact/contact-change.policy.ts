import { SIX_DIGITS, type CodePolicy } from '#identity-core';

/** A code to the new address: 6 digits, 10 minutes, 5 tries, a new one after 60 s. */
export const CONTACT_CHANGE_POLICY: CodePolicy = Object.freeze({
  format: SIX_DIGITS,
  ttlSeconds: 600,
  maxTries: 5,
  resendAfterSeconds: 60,
});
export const CONTACT_CHANGE_PURPOSE = 'contact-change';
