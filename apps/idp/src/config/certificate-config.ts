import { readFileSync } from 'node:fs';
import { ConfigError, EnvReader } from '#platform';
import type { CertificateAuthOptions } from '#certificate-auth';

/** The certificate logins' settings (README "自然人憑證 and 行動自然人憑證"). */
export interface CertificateConfig {
  /** Where browsers reach the HiPKI local component; also what the card page's CSP allows. */
  hipkiUrl: string;
  /** Off when CERT_TRUST_ANCHORS is not set. */
  card: CertificateAuthOptions['card'];
  /** Off when FIDO_BASE_URL is not set. */
  mobile: CertificateAuthOptions['mobile'];
}

/**
 * Reads the certificate variables once at boot; a bad value stops the idp with one line naming
 * the variable (like every other setting).
 */
export function readCertificateConfig(env: Record<string, string | undefined>): CertificateConfig {
  const production = env.NODE_ENV === 'production';
  const r = new EnvReader(env, production);
  const hipki = r.url('HIPKI_URL', 'http://localhost:61161', ['http:', 'https:']);
  const hipkiUrl = hipki.origin;
  const anchorsPath = r.string('CERT_TRUST_ANCHORS', '');
  let trustAnchorsPem = '';
  if (anchorsPath) {
    try {
      trustAnchorsPem = readFileSync(anchorsPath, 'utf8');
      if (!trustAnchorsPem.includes('-----BEGIN CERTIFICATE-----'))
        throw new Error('no PEM certificate in it');
    } catch (e) {
      r.problems.push(
        `CERT_TRUST_ANCHORS: cannot read a PEM bundle from ${anchorsPath} (${(e as Error).message})`,
      );
    }
  }
  const revocationUnreachable = r.oneOf(
    'CERT_REVOCATION_UNREACHABLE',
    ['refuse', 'allow'] as const,
    'refuse',
  );
  const revocationCacheSeconds = r.int('CERT_REVOCATION_CACHE_SECONDS', 300, 0, 86400);
  const fidoBase = r.string('FIDO_BASE_URL', '');
  let mobile: CertificateConfig['mobile'] = null;
  if (fidoBase) {
    const baseUrl = r.url('FIDO_BASE_URL', 'https://fidoapi.moi.gov.tw', ['http:', 'https:']);
    if (production && baseUrl.protocol !== 'https:')
      r.problems.push('FIDO_BASE_URL: must be https in production');
    const spServiceId = r.string('FIDO_SP_SERVICE_ID');
    const spKey = Buffer.from(r.string('FIDO_SP_KEY'), 'base64');
    if (spKey.length !== 32) r.problems.push('FIDO_SP_KEY: must be 32 bytes, base64-encoded');
    if (!anchorsPath)
      r.problems.push(
        'CERT_TRUST_ANCHORS: required with FIDO_BASE_URL (the app certificates chain to MOICA)',
      );
    mobile = {
      baseUrl: baseUrl.toString().replace(/\/$/, ''),
      spServiceId,
      spKey,
      trustAnchorsPem,
      timeLimitSeconds: r.int('FIDO_TIME_LIMIT_SECONDS', 120, 30, 600),
    };
  }
  r.done();
  return {
    hipkiUrl,
    card: trustAnchorsPem
      ? { hipkiUrl, trustAnchorsPem, revocationUnreachable, revocationCacheSeconds }
      : null,
    mobile,
  };
}

export function loadCertificateConfigOrExit(env: Record<string, string | undefined>): CertificateConfig {
  try {
    return readCertificateConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`idp: invalid configuration\n${e.problems.map((p) => `  ${p}\n`).join('')}`);
    process.exit(1);
  }
}
