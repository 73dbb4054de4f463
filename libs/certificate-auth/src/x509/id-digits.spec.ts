import 'reflect-metadata';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { idDigitsExtension, idDigitsOf } from './id-digits.js';
import { useNodeCrypto } from './node-crypto.js';

async function selfSigned(extensions: x509.Extension[]) {
  useNodeCrypto();
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  return x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=測試',
    keys: keys as never,
    signingAlgorithm: alg,
    extensions,
  });
}

describe('the ID digits of a MOICA certificate (2.5.29.9 / 2.16.886.1.100.2.51)', () => {
  it('reads back the four digits the attribute holds', async () => {
    assert.equal(idDigitsOf(await selfSigned([idDigitsExtension('6789')])), '6789');
  });

  it('is null for a certificate without the attribute', async () => {
    assert.equal(idDigitsOf(await selfSigned([])), null);
  });
});
