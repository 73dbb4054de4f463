import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { migrate } from '#database';
import { demoStudent, printSeeded, seedDemo, seedDemoClient } from './commands/seed-demo.command.js';
import { seedDemoStaff, type SeededStaff } from './commands/seed-demo-staff.js';
import { startStandIns } from './stand-ins.js';
import { config } from './config/config.js';
import { withContext } from './context.js';
import { markDistInUse } from './dist-lock.js';

/**
 * `npm start`: migrate once, seed the demo data in development, then run idp, admin and
 * worker as child processes (production runs each with its own start:* command), and in
 * development the inbox that catches every mail and SMS.
 */
markDistInUse();
await migrate(config.databaseUrl);
const DEMO_RP_PORT = 3002;
let demoClientId: string | undefined;
let seeded: { username: string; password: string }[] = [];
let staff: SeededStaff | null = null;
if (config.seedDemo) {
  seeded = await withContext(seedDemo);
  staff = await withContext(seedDemoStaff);
  printSeeded(seeded);
  demoClientId = await withContext((ctx) => seedDemoClient(ctx, DEMO_RP_PORT));
}

// The inbox takes mail where SMTP_URL points when that is this machine, and SMS in place of the log.
const smtp = new URL(config.smtpUrl);
const inboxSmtp = config.devInbox && ['127.0.0.1', 'localhost'].includes(smtp.hostname);
const inboxSms = config.devInbox && config.smsProvider === 'log';
const inboxEnv: Record<string, string> = inboxSms
  ? {
      SMS_PROVIDER: 'mitake',
      SMS_GATEWAY_URL: `http://127.0.0.1:${config.devInboxPort}`,
      SMS_USERNAME: 'dev-inbox',
      SMS_PASSWORD: 'dev-inbox',
    }
  : {};

const apps = [
  ...(config.devInbox ? ['dev-inbox'] : []),
  'idp',
  'admin',
  'worker',
  ...(demoClientId ? ['demo-rp'] : []),
];
const children: ChildProcess[] = [];
// In development, unless the certificate logins are configured for real: the stand-ins of the
// HiPKI component, the test PKI and TW FidO, and a card for the demo student in the reader.
const standIns =
  config.nodeEnv === 'development' && !process.env.CERT_TRUST_ANCHORS && process.env.STAND_INS !== 'false'
    ? await startStandIns(demoStudent()).catch((e: Error) => {
        // A real HiPKI component on :61161, a port taken: everything else still starts.
        process.stderr.write(
          `certificate stand-ins not started (${e.message.split('\n')[0]}); the certificate logins stay off\n`,
        );
        return null;
      })
    : null;
if (standIns) children.push(standIns.child);
let stopping = false;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  let left = children.length;
  for (const c of children) c.once('exit', () => --left === 0 && process.exit(code));
}

for (const app of apps) {
  const entry = fileURLToPath(new URL(`../../${app}/src/main.js`, import.meta.url));
  const env = {
    ...process.env,
    ...(app === 'idp' ? (standIns?.env ?? {}) : {}),
    DEMO_CLIENT_ID: demoClientId ?? '',
    DEMO_RP_PORT: String(DEMO_RP_PORT),
    DEV_INBOX_PORT: String(config.devInboxPort),
    DEV_INBOX_SMTP_PORT: smtp.port || '25',
    ...(app === 'worker' ? inboxEnv : {}),
  };
  const child = spawn(process.execPath, [entry], { stdio: 'inherit', env });
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`${app} exited with code ${code}; stopping the others\n`);
      stopAll(1);
    }
  });
  children.push(child);
}

// The banner comes last, once the idp answers, so it is not lost above the apps' start-up logs.
await waitForIdp();
process.stdout.write(
  [
    '',
    '=== edu-sso is running ===',
    `  idp     ${config.issuer} (port ${config.idpPort})`,
    `  admin   ${config.adminUrl}  ← the helpdesk portal: sign in as a staff member (password + authenticator app)`,
    ...(demoClientId
      ? [`  demo RP http://localhost:${DEMO_RP_PORT}  ← start here: sign in with a demo account`]
      : []),
    ...(config.devInbox
      ? [
          `  inbox   http://localhost:${config.devInboxPort}  ← ${inboxSmtp ? 'mail' : ''}${inboxSmtp && inboxSms ? ' and ' : ''}${inboxSms ? 'SMS' : ''} the service sends (activation codes, reset links, SMS codes)`,
        ]
      : []),
    ...seeded.map((c) => `  demo account ${c.username.padEnd(14)} password: ${c.password}`),
    ...(staff
      ? [
          `  demo staff   ${staff.username.padEnd(14)} password: ${staff.password}  (role helpdesk)`,
          `    authenticator key: ${staff.totpSecret}  (add it to an app, or: oathtool --totp -b ${staff.totpSecret})`,
          `    ${staff.totpUri}`,
        ]
      : []),
    ...(config.seedDemo && !seeded.length
      ? ['  demo accounts: created on an earlier start (their passwords were shown then)']
      : []),
    ...(standIns ? standIns.howTo : []),
    '  Ctrl+C stops.',
    '',
  ].join('\n') + '\n',
);
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function waitForIdp(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(`http://127.0.0.1:${config.idpPort}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
