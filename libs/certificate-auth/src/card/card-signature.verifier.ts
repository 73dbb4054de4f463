import { Inject, Injectable } from '@nestjs/common';
import * as x509 from '@peculiar/x509';
import { Clock } from '#identity-core';
import {
  CERTIFICATE_AUTH_OPTIONS,
  type ResolvedCertificateAuthOptions,
} from '../certificate-auth.options.js';
import { CertificateRefused } from '../x509/certificate-problem.js';
import { verifyCmsSignature } from '../x509/cms-signature.js';
import { idDigitsOf } from '../x509/id-digits.js';
import { RevocationChecker, type RevocationSource } from '../x509/revocation.checker.js';
import { authorityKeyId, TrustStore } from '../x509/trust-store.js';
import { SignNonces } from './sign-nonces.js';

export interface CardSubmission {
  /** base64 DER of the CMS SignedData the component returned. */
  signature: string;
  /** base64 DER of the signing certificate. */
  certificate: string;
  /** The card's serial number as the component reported it. */
  cardSerial: string;
}

/** A certificate that passed every check, with what the binding and the audit trail need. */
export interface VerifiedCard {
  cert: x509.X509Certificate;
  /** The issuing CA's key identifier (hex): MOICA G2 and G3 share a DN. */
  issuerKeyId: string;
  serial: string;
  idDigits: string;
  holderName: string | null;
  revocation: RevocationSource;
}

const B64 = /^[A-Za-z0-9+/=\s]+$/;
const KEY_USAGE_DIGITAL_SIGNATURE = x509.KeyUsageFlags.digitalSignature;

/**
 * Everything about a card login that does not depend on the account: the CMS signature over exactly
 * this step's nonce (consumed), the chain to a trust anchor, validity, key usage, revocation and
 * the ID digits. Throws CertificateRefused with the first problem found.
 */
@Injectable()
export class CardSignatureVerifier {
  /** Null while the card login is off (no anchors configured): the method is then never offered. */
  private readonly trust: TrustStore | null;

  constructor(
    @Inject(CERTIFICATE_AUTH_OPTIONS) options: ResolvedCertificateAuthOptions,
    private readonly nonces: SignNonces,
    private readonly revocation: RevocationChecker,
    private readonly clock: Clock,
  ) {
    this.trust = options.card ? new TrustStore(options.card.trustAnchorsPem) : null;
  }

  async verify(input: CardSubmission, expectedNonce: string): Promise<VerifiedCard> {
    if (!B64.test(input.signature) || !B64.test(input.certificate)) throw new CertificateRefused('malformed');
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(Buffer.from(input.certificate, 'base64'));
    } catch {
      throw new CertificateRefused('malformed');
    }
    const signed = await verifyCmsSignature(Buffer.from(input.signature, 'base64'), cert);
    const nonce = await this.nonces.consume(signed.content, expectedNonce);
    if (nonce === 'used') throw new CertificateRefused('nonce_used');
    if (nonce === 'other') throw new CertificateRefused('nonce_other');
    if (signed.cardSerial !== null && signed.cardSerial !== input.cardSerial)
      throw new CertificateRefused('card_mismatch');

    const now = this.clock.now();
    if (!this.trust) throw new CertificateRefused('untrusted');
    const [, issuer] = await this.trust.chain(cert, now);
    if (cert.notBefore > now) throw new CertificateRefused('not_yet_valid');
    if (cert.notAfter < now) throw new CertificateRefused('expired');
    const usage = cert.getExtension(x509.KeyUsagesExtension);
    if (!usage || (usage.usages & KEY_USAGE_DIGITAL_SIGNATURE) === 0)
      throw new CertificateRefused('key_usage');
    const revocation = await this.revocation.check(cert, issuer!);
    const idDigits = idDigitsOf(cert);
    if (!idDigits) throw new CertificateRefused('id_mismatch');
    return {
      cert,
      issuerKeyId: authorityKeyId(cert) ?? '',
      serial: cert.serialNumber.toLowerCase(),
      idDigits,
      holderName: cert.subjectName.getField('CN')[0] ?? null,
      revocation,
    };
  }
}
