import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` in development: runs apps/stand-ins (the HiPKI component on :61161, the test PKI,
 * TW FidO) with a card for the demo student in the reader, and returns the idp's environment for
 * them and the lines that say how to try both certificate logins.
 */
export async function startStandIns(student: { username: string; name: string; nationalId: string }) {
  const spKey = Buffer.alloc(32, 7).toString('base64'); // the stand-in's development SP key, never a real one
  const child: ChildProcess = spawn(
    process.execPath,
    [fileURLToPath(new URL('../../stand-ins/src/main.js', import.meta.url))],
    {
      // Their errors (a port in use) are summed up by the caller, not dumped.
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        ...process.env,
        FIDO_SP_SERVICE_ID: 'edu-sso-dev',
        FIDO_SP_KEY: spKey,
        STANDIN_DEMO_NAME: student.name,
        STANDIN_DEMO_ID_DIGITS: student.nationalId.slice(-4),
      },
    },
  );
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('stand-ins ready'));
      if (line) resolve(JSON.parse(line) as Record<string, string>);
    });
    child.once('exit', (code) => reject(new Error(`stand-ins exited with ${code}`)));
  });
  child.stdout!.resume();
  const env = {
    HIPKI_URL: ready.hipkiUrl!,
    CERT_TRUST_ANCHORS: ready.trustAnchors!,
    FIDO_BASE_URL: ready.fidoUrl!,
    FIDO_SP_SERVICE_ID: 'edu-sso-dev',
    FIDO_SP_KEY: spKey,
  };
  const howTo = [
    `  certificate logins (stand-ins) with the demo student ${student.username}, ID ${student.nationalId}:`,
    `    自然人憑證登入     a test card is in the stand-in reader at ${ready.hipkiUrl}, PIN 123456`,
    `    行動自然人APP登入  approve or refuse on the stand-in phone: ${ready.fidoUrl}/phone`,
  ];
  return { child, env, howTo };
}
