#!/usr/bin/env node
// Runs every compiled spec under dist/ with node's test runner and ends with "N passed, N failed".
// Usage: node test/run.js [filter]   (filter: substring of the spec path, e.g. "unit", "medium", "e2e", "oidc")
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.spec.js') && p.includes(filter)) files.push(p);
  }
})('dist');
files.sort();
if (files.length === 0) {
  // node --test without files would run whatever its default patterns find.
  process.stdout.write(`no spec under dist/ matches "${filter}"\n0 passed, 1 failed\n`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=180000', '--test-reporter=spec', ...files],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    // One compiled-code cache for the run: every spec file and every app it starts loads the same
    // modules (Nest, TypeORM, oidc-provider, Playwright); Node checks each entry against the file's content.
    env: {
      ...process.env,
      NODE_ENV: 'test',
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'edu-sso-compile-cache'),
    },
  },
);
let out = '';
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  out += d.toString();
});
child.on('exit', (code) => {
  const count = (label) => Number(out.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : 1);
});
