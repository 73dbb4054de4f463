import * as x509 from '@peculiar/x509';
import { CertificateRefused } from './certificate-problem.js';
import { useNodeCrypto } from './node-crypto.js';

/** Hex key identifier of a certificate's own key (SKI), or null. */
export function subjectKeyId(c: x509.X509Certificate): string | null {
  return c.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId.toLowerCase() ?? null;
}

/** Hex key identifier of the issuer's key (AKI), or null. */
export function authorityKeyId(c: x509.X509Certificate): string | null {
  return c.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId?.toLowerCase() ?? null;
}

const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;

/**
 * The configured trust anchors (GRCA and the MOICA CAs). MOICA G2 and G3 share a subject DN, so an
 * issuer is found by the key identifier its certificate names (AKI = the CA's SKI) and the DN, and
 * then proven by the signature.
 */
export class TrustStore {
  readonly anchors: x509.X509Certificate[];

  constructor(pemBundle: string) {
    useNodeCrypto();
    const blocks = pemBundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    this.anchors = blocks.map((b) => new x509.X509Certificate(b)).filter(isCa);
    if (!this.anchors.length) throw new Error('the trust anchor bundle holds no CA certificate');
  }

  /**
   * The path from `leaf` to an anchor, leaf first, each signature checked and each CA valid at
   * `now`. Throws CertificateRefused('untrusted') when no anchor issued it.
   */
  async chain(leaf: x509.X509Certificate, now: Date): Promise<x509.X509Certificate[]> {
    const path = [leaf];
    let current = leaf;
    for (let depth = 0; depth < 5; depth++) {
      const issuer = await this.issuerOf(current);
      if (!issuer) {
        if (depth === 0) throw new CertificateRefused('untrusted');
        return path; // `current` is an anchor whose own issuer is not in the bundle: trusted as configured
      }
      if (issuer.notBefore > now || issuer.notAfter < now) throw new CertificateRefused('untrusted');
      path.push(issuer);
      if (
        issuer.subject === issuer.issuer &&
        subjectKeyId(issuer) === (authorityKeyId(issuer) ?? subjectKeyId(issuer))
      )
        return path; // a self-signed root
      current = issuer;
    }
    throw new CertificateRefused('untrusted');
  }

  /** The anchor that signed `c`: same key identifier when `c` names one, same DN, a valid signature. */
  async issuerOf(c: x509.X509Certificate): Promise<x509.X509Certificate | null> {
    const aki = authorityKeyId(c);
    for (const a of this.anchors) {
      if (a === c || a.subject !== c.issuer) continue;
      if (aki && subjectKeyId(a) !== aki) continue;
      if (
        a.rawData.byteLength === c.rawData.byteLength &&
        Buffer.from(a.rawData).equals(Buffer.from(c.rawData))
      )
        continue;
      if (await c.verify({ publicKey: a, signatureOnly: true }).catch(() => false)) return a;
    }
    return null;
  }
}
