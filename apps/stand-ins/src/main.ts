import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwFidoStandIn } from './fido/tw-fido.server.js';
import { HipkiStandIn } from './hipki/hipki.server.js';
import { listen } from './http-kit.js';
import { pkiServer } from './pki/pki.server.js';
import { TestPki } from './pki/test-pki.js';

/**
 * TEST AND DEVELOPMENT ONLY: the outside services of the certificate logins — a test PKI (OCSP,
 * CRL), the HiPKI local component, TW FidO — on local ports, so the idp runs its production code
 * against them. Prints one JSON line with where they are and the trust anchor bundle to configure.
 */
const env = process.env;
const port = (name: string, fallback: number) => Number(env[name] ?? fallback);
const dir = env.STANDINS_DIR ?? join(tmpdir(), 'edu-sso-stand-ins');
const pkiPort = port('STANDIN_PKI_PORT', 61170);
const pki = await new TestPki(`http://127.0.0.1:${pkiPort}`).init();
mkdirSync(dir, { recursive: true });
const anchors = join(dir, 'trust-anchors.pem');
writeFileSync(anchors, pki.anchorsPem());

// Development defaults; tests pass their own. Never a real SP key.
const spServiceId = env.FIDO_SP_SERVICE_ID ?? 'edu-sso-dev';
const spKey = Buffer.from(env.FIDO_SP_KEY ?? Buffer.alloc(32, 7).toString('base64'), 'base64');

const hipki = new HipkiStandIn(pki);
const servers = [
  [pkiServer(pki), pkiPort],
  [hipki.server(), port('STANDIN_HIPKI_PORT', 61161)],
  [new TwFidoStandIn(pki, spServiceId, spKey).server(), port('STANDIN_FIDO_PORT', 61180)],
] as const;
const [pkiAt, hipkiAt, fidoAt] = await Promise.all(servers.map(([s, p]) => listen(s, p)));

// A card for the demo student (npm start): it is in the reader, PIN 123456.
let demoCard: unknown = null;
if (env.STANDIN_DEMO_NAME && env.STANDIN_DEMO_ID_DIGITS)
  demoCard = await hipki.makeCard({
    name: env.STANDIN_DEMO_NAME,
    idDigits: env.STANDIN_DEMO_ID_DIGITS,
    pin: '123456',
  });

process.stdout.write(
  JSON.stringify({
    level: 30,
    msg: 'stand-ins ready',
    pkiUrl: `http://127.0.0.1:${pkiAt}`,
    hipkiUrl: `http://localhost:${hipkiAt}`,
    fidoUrl: `http://127.0.0.1:${fidoAt}`,
    trustAnchors: anchors,
    demoCard,
  }) + '\n',
);
const stop = () => {
  for (const [s] of servers) s.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
