import type { CountyProofPurpose } from '../../sign-in/county-return.store.js';

/** The audit action of a proof: the activation's or the application's identity step. */
export const proofAuditAction = (purpose: CountyProofPurpose) =>
  purpose === 'activation' ? 'activation.identity' : 'application.identity';
