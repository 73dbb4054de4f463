import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { migrate } from '#database';
import { printSeeded, seedDemo, seedDemoClient } from './commands/seed-demo.command.js';
import { config } from './config/config.js';
import { withContext } from './context.js';

/**
 * `npm start`: migrate once, seed the demo data in development, then run idp, admin and
 * worker as child processes (production runs each with its own start:* command).
 */
await migrate(config.databaseUrl);
const DEMO_RP_PORT = 3002;
let demoClientId: string | undefined;
if (config.seedDemo) {
  printSeeded(await withContext(seedDemo));
  demoClientId = await withContext((ctx) => seedDemoClient(ctx, DEMO_RP_PORT));
}

const apps = ['idp', 'admin', 'worker', ...(demoClientId ? ['demo-rp'] : [])];
const children: ChildProcess[] = [];
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
  const env = { ...process.env, DEMO_CLIENT_ID: demoClientId ?? '', DEMO_RP_PORT: String(DEMO_RP_PORT) };
  const child = spawn(process.execPath, [entry], { stdio: 'inherit', env });
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`${app} exited with code ${code}; stopping the others\n`);
      stopAll(1);
    }
  });
  children.push(child);
}
process.stdout.write(
  `edu-sso: idp on ${config.issuer} (port ${config.idpPort}), admin on port ${config.adminPort}, worker running.\n` +
    (demoClientId
      ? `Try it: open http://localhost:${DEMO_RP_PORT} (demo RP) and sign in with a demo account.\n`
      : '') +
    'Ctrl+C stops.\n',
);
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
