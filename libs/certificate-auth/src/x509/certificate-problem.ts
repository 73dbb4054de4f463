/**
 * Why a certificate or signature was refused. Stable codes: the audit trail records them and the
 * method maps each to a message (card.messages.ts).
 */
export type CertificateProblem =
  | 'malformed'
  | 'bad_signature'
  | 'nonce_used'
  | 'nonce_other'
  | 'card_mismatch'
  | 'untrusted'
  | 'expired'
  | 'not_yet_valid'
  | 'key_usage'
  | 'revoked'
  | 'revocation_unknown'
  | 'id_mismatch';

/** A refusal of a certificate or signature (a verification result, not an outage). */
export class CertificateRefused extends Error {
  constructor(readonly problem: CertificateProblem) {
    super(`certificate refused: ${problem}`);
  }
}
