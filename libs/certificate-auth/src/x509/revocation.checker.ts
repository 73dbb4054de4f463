import { Inject, Injectable } from '@nestjs/common';
import * as x509 from '@peculiar/x509';
import type { Redis } from 'ioredis';
import * as pkijs from 'pkijs';
import { Clock } from '#identity-core';
import { REDIS } from '#platform';
import {
  CERTIFICATE_AUTH_OPTIONS,
  type ResolvedCertificateAuthOptions,
} from '../certificate-auth.options.js';
import { CertificateRefused } from './certificate-problem.js';
import { toPkijs, useNodeCrypto } from './node-crypto.js';
import { RevocationFetcher } from './revocation.fetcher.js';
import { subjectKeyId } from './trust-store.js';

/** How the status was learned: OCSP, the CRL, or neither answered and the policy let it through. */
export type RevocationSource = 'ocsp' | 'crl' | 'unchecked' | 'cache';

const GOOD = 0;
const REVOKED = 1;

/**
 * Revocation of a holder certificate: OCSP at the URL of its AIA first, the CRL of its CRL
 * distribution point when OCSP gives no answer, each answer verified against the issuing CA and
 * cached in Redis (shared by every instance) for `revocationCacheSeconds`, a CRL's never past its
 * nextUpdate. When neither answers, `revocationUnreachable` decides (refuse by default).
 */
@Injectable()
export class RevocationChecker {
  constructor(
    @Inject(CERTIFICATE_AUTH_OPTIONS) private readonly options: ResolvedCertificateAuthOptions,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly fetcher: RevocationFetcher,
    private readonly clock: Clock,
  ) {
    useNodeCrypto();
  }

  /** Throws CertificateRefused('revoked' | 'revocation_unknown'); returns where the answer came from. */
  async check(leaf: x509.X509Certificate, issuer: x509.X509Certificate): Promise<RevocationSource> {
    const card = this.options.card!;
    const key = `${this.options.namespace}:cert:rev:${subjectKeyId(issuer) ?? 'x'}:${leaf.serialNumber.toLowerCase()}`;
    const cached = await this.redis.get(key);
    if (cached === 'revoked') throw new CertificateRefused('revoked');
    if (cached === 'good') return 'cache';

    let status = await this.viaOcsp(leaf, issuer).catch(() => null);
    let source: RevocationSource = 'ocsp';
    let ttl = card.revocationCacheSeconds;
    if (!status) {
      const crl = await this.viaCrl(leaf, issuer).catch(() => null);
      if (crl) {
        status = crl.status;
        source = 'crl';
        if (crl.nextUpdate) {
          const left = Math.floor((crl.nextUpdate.getTime() - this.clock.now().getTime()) / 1000);
          ttl = Math.max(1, Math.min(ttl, left));
        }
      }
    }
    if (!status) {
      if (card.revocationUnreachable === 'allow') return 'unchecked';
      throw new CertificateRefused('revocation_unknown');
    }
    await this.redis.set(key, status, 'EX', ttl);
    if (status === 'revoked') throw new CertificateRefused('revoked');
    return source;
  }

  private async viaOcsp(
    leaf: x509.X509Certificate,
    issuer: x509.X509Certificate,
  ): Promise<'good' | 'revoked' | null> {
    const aia = leaf.getExtension(x509.AuthorityInfoAccessExtension);
    const url = aia?.ocsp.find((g) => g.type === 'url')?.value;
    if (!url) return null;
    const [cert, ca] = [toPkijs(leaf), toPkijs(issuer)];
    const request = new pkijs.OCSPRequest();
    await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: ca });
    const der = await this.fetcher.ocsp(url, Buffer.from(request.toSchema(true).toBER(false)));
    const response = pkijs.OCSPResponse.fromBER(der);
    if (response.responseStatus.valueBlock.valueDec !== 0 || !response.responseBytes) return null;
    const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
    // Signed by the CA itself or by a responder certificate the CA issued for OCSP signing.
    if (!(await basic.verify({ trustedCerts: [ca], trustedResponders: [ca] }).catch(() => false)))
      return null;
    const now = this.clock.now();
    const single = basic.tbsResponseData.responses[0];
    if (!single || single.thisUpdate.getTime() > now.getTime() + 5 * 60_000) return null;
    if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime()) return null; // stale
    const { isForCertificate, status } = await basic.getCertificateStatus(cert, ca);
    if (!isForCertificate) return null;
    return status === GOOD ? 'good' : status === REVOKED ? 'revoked' : null;
  }

  private async viaCrl(
    leaf: x509.X509Certificate,
    issuer: x509.X509Certificate,
  ): Promise<{ status: 'good' | 'revoked'; nextUpdate: Date | null } | null> {
    const dp = leaf.getExtension(x509.CRLDistributionPointsExtension);
    const url = dp?.distributionPoints
      .flatMap((p) => p.distributionPoint?.fullName ?? [])
      .map((n) => n.uniformResourceIdentifier)
      .find((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u));
    if (!url) return null;
    const crl = new x509.X509Crl(await this.fetcher.crl(url));
    if (crl.issuer !== issuer.subject || !(await crl.verify({ publicKey: issuer.publicKey }))) return null;
    const now = this.clock.now();
    if (crl.nextUpdate && crl.nextUpdate.getTime() < now.getTime()) return null; // stale
    return { status: crl.findRevoked(leaf) ? 'revoked' : 'good', nextUpdate: crl.nextUpdate ?? null };
  }
}
