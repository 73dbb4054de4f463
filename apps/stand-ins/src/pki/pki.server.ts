import type { Server } from 'node:http';
import { json, serve } from '../http-kit.js';
import type { TestPki } from './test-pki.js';

/**
 * TEST ONLY: the test PKI's public services — OCSP responder, CRL distribution point, CA
 * certificates — and its control: revoke a certificate, take the OCSP responder down.
 */
export function pkiServer(pki: TestPki): Server {
  let ocspDown = false;
  return serve('pki', {
    'POST /ocsp': async (_req, body) =>
      ocspDown
        ? { status: 503, body: 'down' }
        : { type: 'application/ocsp-response', body: await pki.ocsp(body) },
    'GET /crl/g3.crl': async () => ({ type: 'application/pkix-crl', body: await pki.crl() }),
    'GET /ca/g3.crt': () => ({ type: 'application/pkix-cert', body: Buffer.from(pki.g3.cert.rawData) }),
    'GET /anchors.pem': () => ({ type: 'application/x-pem-file', body: pki.anchorsPem() }),
    'POST /control/revoke': (_req, body) => {
      const serial = String(JSON.parse(body.toString() || '{}').serial ?? '');
      if (!/^[0-9a-fA-F]{2,64}$/.test(serial)) return json({ error: 'serial: hex' }, 400);
      pki.revoke(serial);
      return json({ ok: true });
    },
    'POST /control/ocsp': (_req, body) => {
      ocspDown = JSON.parse(body.toString() || '{}').down === true;
      return json({ ok: true, ocspDown });
    },
  });
}
