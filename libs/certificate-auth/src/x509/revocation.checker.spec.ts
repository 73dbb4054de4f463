import 'reflect-metadata';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { FixedClock } from '#identity-core';
import { resolveCertificateAuthOptions, type CardOptions } from '../certificate-auth.options.js';
import { CertificateRefused } from './certificate-problem.js';
import { useNodeCrypto } from './node-crypto.js';
import { RevocationChecker } from './revocation.checker.js';
import { RevocationFetcher, RevocationUnreachable } from './revocation.fetcher.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A fetcher whose OCSP is down and whose CRL is whatever the test says. */
class FakeFetcher extends RevocationFetcher {
  crlDer: Buffer | null = null;
  calls = 0;
  async ocsp(): Promise<Buffer> {
    this.calls++;
    throw new RevocationUnreachable('down');
  }
  async crl(): Promise<Buffer> {
    this.calls++;
    if (!this.crlDer) throw new RevocationUnreachable('down');
    return this.crlDer;
  }
}

/** Enough of ioredis for the cache: get and set. */
class FakeRedis {
  store = new Map<string, string>();
  async get(k: string) {
    return this.store.get(k) ?? null;
  }
  async set(k: string, v: string) {
    this.store.set(k, v);
    return 'OK';
  }
}

describe('RevocationChecker: OCSP, then the CRL, then the policy; answers cached', () => {
  let ca: { cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair };
  let leaf: x509.X509Certificate;

  before(async () => {
    useNodeCrypto();
    const keys = (await webcrypto.subtle.generateKey(ALG, true, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=Test CA',
      keys: keys as never,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
      ],
    });
    ca = { cert, keys };
    const holder = (await webcrypto.subtle.generateKey(ALG, true, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    leaf = await x509.X509CertificateGenerator.create({
      serialNumber: '0a1b2c',
      subject: 'CN=Holder',
      issuer: cert.subject,
      signingAlgorithm: ALG,
      publicKey: holder.publicKey as never,
      signingKey: keys.privateKey as never,
      extensions: [
        new x509.AuthorityInfoAccessExtension({ ocsp: ['http://ocsp.invalid/'] }),
        new x509.CRLDistributionPointsExtension(['http://crl.invalid/ca.crl']),
      ],
    });
  });

  function checker(fetcher: FakeFetcher, card: Partial<CardOptions> = {}) {
    const options = resolveCertificateAuthOptions({
      namespace: 't',
      card: { hipkiUrl: 'http://localhost:61161', trustAnchorsPem: ca.cert.toString('pem'), ...card },
      mobile: null,
    });
    return new RevocationChecker(options, new FakeRedis() as never, fetcher, new FixedClock(new Date()));
  }

  async function crl(revoked: string[]): Promise<Buffer> {
    const c = await x509.X509CrlGenerator.create({
      issuer: ca.cert.subject,
      nextUpdate: new Date(Date.now() + 3600_000),
      entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: new Date() })),
      signingAlgorithm: ALG,
      signingKey: ca.keys.privateKey as never,
    });
    return Buffer.from(c.rawData);
  }

  it('OCSP down: the CRL answers, good or revoked', async () => {
    const f = new FakeFetcher();
    f.crlDer = await crl([]);
    assert.equal(await checker(f).check(leaf, ca.cert), 'crl');
    f.crlDer = await crl(['0a1b2c']);
    await assert.rejects(
      checker(f).check(leaf, ca.cert),
      (e) => e instanceof CertificateRefused && e.problem === 'revoked',
    );
  });

  it('neither answers: refused by default, let through when the policy says allow', async () => {
    await assert.rejects(
      checker(new FakeFetcher()).check(leaf, ca.cert),
      (e) => e instanceof CertificateRefused && e.problem === 'revocation_unknown',
    );
    assert.equal(
      await checker(new FakeFetcher(), { revocationUnreachable: 'allow' }).check(leaf, ca.cert),
      'unchecked',
    );
  });

  it('a CRL signed by someone else counts as no answer', async () => {
    const f = new FakeFetcher();
    const other = (await webcrypto.subtle.generateKey(ALG, true, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    f.crlDer = Buffer.from(
      (
        await x509.X509CrlGenerator.create({
          issuer: ca.cert.subject,
          nextUpdate: new Date(Date.now() + 3600_000),
          signingAlgorithm: ALG,
          signingKey: other.privateKey as never,
        })
      ).rawData,
    );
    await assert.rejects(
      checker(f).check(leaf, ca.cert),
      (e) => e instanceof CertificateRefused && e.problem === 'revocation_unknown',
    );
  });

  it('an answer is reused from the cache', async () => {
    const f = new FakeFetcher();
    f.crlDer = await crl([]);
    const c = checker(f);
    await c.check(leaf, ca.cert);
    const calls = f.calls;
    assert.equal(await c.check(leaf, ca.cert), 'cache');
    assert.equal(f.calls, calls);
  });
});
