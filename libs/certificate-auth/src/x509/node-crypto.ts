import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

let ready = false;

/** Points @peculiar/x509 and pkijs at Node's WebCrypto (once per process). */
export function useNodeCrypto(): void {
  if (ready) return;
  x509.cryptoProvider.set(webcrypto as never);
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));
  ready = true;
}

export function toPkijs(cert: x509.X509Certificate): pkijs.Certificate {
  return pkijs.Certificate.fromBER(cert.rawData);
}
