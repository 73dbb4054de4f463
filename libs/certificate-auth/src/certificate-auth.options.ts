import { DomainError } from '#identity-core';

export const CERTIFICATE_AUTH_OPTIONS = Symbol('CERTIFICATE_AUTH_OPTIONS');

/** 自然人憑證 on a card, through the HiPKI local component. */
export interface CardOptions {
  /** Where the browser reaches the component (`http://localhost:61161`). */
  hipkiUrl: string;
  /** PEM bundle of the trust anchors (GRCA, MOICA G2/G3). */
  trustAnchorsPem: string;
  /** When neither OCSP nor the CRL answers: refuse the login (default) or let it through, audited. */
  revocationUnreachable?: 'refuse' | 'allow';
  /** How long an OCSP or CRL answer is reused (300 s; never past the CRL's nextUpdate). */
  revocationCacheSeconds?: number;
  /** The component's installer and self-test pages, linked from the card page. */
  installUrl?: string;
  selfTestUrl?: string;
}

/** 行動自然人憑證 through TW FidO. */
export interface MobileOptions {
  /** `https://fidoapi.moi.gov.tw` (test: `https://fido-test.moi.gov.tw`). */
  baseUrl: string;
  spServiceId: string;
  /** The SP key (32 bytes) of the AES-256-GCM checksums. */
  spKey: Buffer;
  /** How long the holder has to answer on the phone (30–600 s; 120). */
  timeLimitSeconds?: number;
  /** PEM bundle that the signing certificates of the app must chain to (the MOICA anchors). */
  trustAnchorsPem: string;
}

export interface CertificateAuthOptions {
  /** Prefix of this lib's Redis keys (`<namespace>:cert:…`). */
  namespace: string;
  /** Null: the card login is not offered. */
  card: CardOptions | null;
  /** Null: the mobile login is not offered. */
  mobile: MobileOptions | null;
  /** Timeout of every outside request (OCSP, CRL, TW FidO): 10 s. */
  requestTimeoutMs?: number;
}

export interface ResolvedCertificateAuthOptions {
  namespace: string;
  card: Required<CardOptions> | null;
  mobile: Required<MobileOptions> | null;
  requestTimeoutMs: number;
}

const HIPKI_INSTALL = 'https://moica.nat.gov.tw/download_1.html';
const HIPKI_SELF_TEST = 'https://moica.nat.gov.tw/rac_plugin.html';

export function resolveCertificateAuthOptions(o: CertificateAuthOptions): ResolvedCertificateAuthOptions {
  const bad = (what: string) =>
    new DomainError('certificate_auth_options_invalid', `invalid certificate login options: ${what}`);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(o.namespace)) throw bad('namespace');
  const card = o.card
    ? {
        revocationUnreachable: 'refuse' as const,
        revocationCacheSeconds: 300,
        installUrl: HIPKI_INSTALL,
        selfTestUrl: HIPKI_SELF_TEST,
        ...o.card,
      }
    : null;
  if (card && !/^https?:\/\/[^\s/?#]+$/.test(card.hipkiUrl)) throw bad('hipkiUrl (an origin, no path)');
  if (card && !card.trustAnchorsPem.includes('BEGIN CERTIFICATE')) throw bad('trustAnchorsPem');
  const mobile = o.mobile ? { timeLimitSeconds: 120, ...o.mobile } : null;
  if (mobile && (mobile.spKey.length !== 32 || !mobile.spServiceId)) throw bad('spKey / spServiceId');
  if (mobile && !(mobile.timeLimitSeconds >= 30 && mobile.timeLimitSeconds <= 600))
    throw bad('timeLimitSeconds');
  return { namespace: o.namespace, card, mobile, requestTimeoutMs: o.requestTimeoutMs ?? 10_000 };
}
