import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '#platform';
import { readCertificateConfig } from './certificate-config.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function problems(env: Record<string, string>): string[] {
  try {
    readCertificateConfig(env);
    return [];
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
}

describe('certificate login configuration', () => {
  it('is off until configured; the component is on localhost:61161 by default', () => {
    const c = readCertificateConfig({});
    assert.equal(c.card, null);
    assert.equal(c.mobile, null);
    assert.equal(c.hipkiUrl, 'http://localhost:61161');
  });

  it('reads the trust anchor bundle; refuses to start when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cert-config-'));
    writeFileSync(join(dir, 'anchors.pem'), PEM);
    const c = readCertificateConfig({ CERT_TRUST_ANCHORS: join(dir, 'anchors.pem') });
    assert.equal(c.card?.trustAnchorsPem, PEM);
    assert.equal(c.card?.revocationUnreachable, 'refuse');
    assert.deepEqual(
      problems({ CERT_TRUST_ANCHORS: join(dir, 'missing.pem') }).map((p) => p.split(':')[0]),
      ['CERT_TRUST_ANCHORS'],
    );
  });

  it('TW FidO needs its service id, a 32-byte key, the anchors, and https in production', () => {
    const p = problems({
      NODE_ENV: 'production',
      FIDO_BASE_URL: 'http://fido.example',
      FIDO_SP_KEY: 'c2hvcnQ=',
    });
    assert.deepEqual(p.map((l) => l.split(':')[0]).sort(), [
      'CERT_TRUST_ANCHORS',
      'FIDO_BASE_URL',
      'FIDO_SP_KEY',
      'FIDO_SP_SERVICE_ID',
    ]);
  });
});
