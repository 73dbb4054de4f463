import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { migrate } from '#database';
import { printSeeded, seedDemo } from './commands/seed-demo.command.js';
import { config } from './config/config.js';
import { withContext } from './context.js';

/**
 * `npm start`: migrate once, seed the demo data in development, then run idp, admin and
 * worker as child processes (production runs each with its own start:* command).
 */
await migrate(config.databaseUrl);
if (config.seedDemo) printSeeded(await withContext(seedDemo));

const apps = ['idp', 'admin', 'worker'];
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
  const child = spawn(process.execPath, [entry], { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`${app} exited with code ${code}; stopping the others\n`);
      stopAll(1);
    }
  });
  children.push(child);
}
process.stdout.write(
  `edu-sso: idp on ${config.issuer} (port ${config.idpPort}), admin on port ${config.adminPort}, worker running. Ctrl+C stops.\n`,
);
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
