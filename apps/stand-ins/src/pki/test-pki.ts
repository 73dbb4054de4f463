import { createHash, randomBytes, webcrypto } from 'node:crypto';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { idDigitsExtension, useNodeCrypto } from '#certificate-auth';

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const DAY = 86_400_000;

/** A CA of the test PKI: its certificate and key. */
export interface TestCa {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

/** A holder certificate and its key: what a fake card (or phone) holds. */
export interface HolderCredential {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export type HolderVariant = 'valid' | 'expired' | 'untrusted';

export interface HolderRequest {
  name: string;
  /** The last four digits of the ID the certificate carries (2.16.886.1.100.2.51). */
  idDigits: string;
  variant?: HolderVariant;
  /** The certificate names the OCSP responder in its AIA (default true); without it, only the CRL. */
  ocsp?: boolean;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

const personNumber = (name: string, digits: string) =>
  createHash('sha256').update(`${name}/${digits}`).digest('hex').slice(0, 16).toUpperCase();

const serial = () => `01${randomBytes(15).toString('hex')}`;

/**
 * TEST ONLY: a MOICA-like PKI generated at start. A GRCA-like root; a MOICA-like G3 intermediate
 * and a G2 with the same DN and another key (so the idp must tell them apart by key identifier);
 * an untrusted look-alike root and intermediate with the same names; holder certificates with the
 * ID-digits attribute, the OCSP URL in their AIA and the CRL distribution point; an OCSP responder
 * and a CRL that list what `revoke` revoked. RSA-2048 keys (MOICA G3 uses 4096: slower to make).
 */
export class TestPki {
  root!: TestCa;
  g3!: TestCa;
  g2!: TestCa;
  private rogue!: TestCa;
  private readonly revoked = new Map<string, Date>();

  constructor(private readonly baseUrl: string) {
    useNodeCrypto();
  }

  async init(): Promise<this> {
    const now = Date.now();
    this.root = await this.ca(
      'C=TW, O=Government Root Certification Authority (TEST), CN=GRCA G3 (TEST)',
      null,
      now,
    );
    const moica = 'C=TW, O=行政院, OU=內政部憑證管理中心 (TEST)';
    this.g3 = await this.ca(moica, this.root, now);
    this.g2 = await this.ca(moica, this.root, now);
    const rogueRoot = await this.ca(
      'C=TW, O=Government Root Certification Authority (TEST), CN=GRCA G3 (TEST)',
      null,
      now,
    );
    this.rogue = await this.ca(moica, rogueRoot, now);
    return this;
  }

  /** The PEM bundle an operator configures as CERT_TRUST_ANCHORS (GRCA, MOICA G2 and G3). */
  anchorsPem(): string {
    return [this.root, this.g2, this.g3].map((c) => c.cert.toString('pem')).join('\n') + '\n';
  }

  async issueHolder(req: HolderRequest): Promise<HolderCredential> {
    const issuer = req.variant === 'untrusted' ? this.rogue : this.g3;
    const keys = await keyPair();
    const now = Date.now();
    const [notBefore, notAfter] =
      req.variant === 'expired'
        ? [new Date(now - 800 * DAY), new Date(now - DAY)]
        : [new Date(now - 60_000), new Date(now + 365 * DAY)];
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      // MOICA's serialNumber attribute names the person, not the card: a renewed card has the same DN.
      subject: `C=TW, CN=${req.name}, 2.5.4.5=${personNumber(req.name, req.idDigits)}`,
      issuer: issuer.cert.subject,
      notBefore,
      notAfter,
      signingAlgorithm: ALG,
      publicKey: keys.publicKey,
      signingKey: issuer.keys.privateKey,
      extensions: [
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
        new x509.AuthorityInfoAccessExtension({
          ...(req.ocsp === false ? {} : { ocsp: [`${this.baseUrl}/ocsp`] }),
          caIssuers: [`${this.baseUrl}/ca/g3.crt`],
        }),
        new x509.CRLDistributionPointsExtension([`${this.baseUrl}/crl/g3.crl`]),
        idDigitsExtension(req.idDigits),
      ],
    });
    return { cert, keys };
  }

  revoke(serialNumber: string): void {
    this.revoked.set(serialNumber.toLowerCase(), new Date());
  }

  /** The G3 CA's complete CRL (DER), valid for an hour. */
  async crl(): Promise<Buffer> {
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.g3.cert.subject,
      thisUpdate: new Date(Date.now() - 60_000),
      nextUpdate: new Date(Date.now() + 3600_000),
      entries: [...this.revoked].map(([serialNumber, revocationDate]) => ({ serialNumber, revocationDate })),
      signingAlgorithm: ALG,
      signingKey: this.g3.keys.privateKey,
      extensions: [await x509.AuthorityKeyIdentifierExtension.create(this.g3.keys.publicKey)],
    });
    return Buffer.from(crl.rawData);
  }

  /** Answers an OCSP request for certificates of G3, signed by G3 itself (responder id by key). */
  async ocsp(requestDer: Buffer): Promise<Buffer> {
    const request = pkijs.OCSPRequest.fromBER(requestDer);
    const ca = pkijs.Certificate.fromBER(this.g3.cert.rawData);
    const basic = new pkijs.BasicOCSPResponse();
    const keyHash = await webcrypto.subtle.digest(
      'SHA-1',
      ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
    );
    basic.tbsResponseData.responderID = new asn1js.OctetString({ valueHex: keyHash });
    basic.tbsResponseData.producedAt = new Date();
    for (const r of request.tbsRequest.requestList) {
      const sn = Buffer.from(r.reqCert.serialNumber.valueBlock.valueHexView).toString('hex').toLowerCase();
      const revokedAt = this.revoked.get(sn) ?? this.revoked.get(sn.replace(/^0+/, ''));
      const single = new pkijs.SingleResponse({
        certID: r.reqCert,
        certStatus: revokedAt
          ? new asn1js.Constructed({
              idBlock: { tagClass: 3, tagNumber: 1 },
              value: [new asn1js.GeneralizedTime({ valueDate: revokedAt })],
            })
          : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } }),
        thisUpdate: new Date(Date.now() - 60_000),
        nextUpdate: new Date(Date.now() + 3600_000),
      });
      basic.tbsResponseData.responses.push(single);
    }
    basic.certs = [ca];
    await basic.sign(this.g3.keys.privateKey, 'SHA-256');
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: '1.3.6.1.5.5.7.48.1.1',
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
      }),
    });
    return Buffer.from(response.toSchema().toBER(false));
  }

  private async ca(subject: string, parent: TestCa | null, now: number): Promise<TestCa> {
    const keys = await keyPair();
    const signer = parent?.keys ?? keys;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: parent?.cert.subject ?? subject,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 3650 * DAY),
      signingAlgorithm: ALG,
      publicKey: keys.publicKey,
      signingKey: signer.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(true, parent ? 0 : undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey),
      ],
    });
    return { cert, keys };
  }
}
