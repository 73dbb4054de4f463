// `npm run build` starts here: deletes dist/, unless a running `npm start` uses it (its marker
// names a live process), in which case it stops with a clear message instead of breaking it.
import { readFileSync, rmSync } from 'node:fs';

let pid = 0;
try {
  pid = Number(readFileSync('dist/.in-use-by-npm-start', 'utf8'));
} catch {
  // no marker: nothing runs from dist/
}
let alive = false;
if (pid > 0) {
  try {
    process.kill(pid, 0);
    alive = true;
  } catch (e) {
    alive = e.code === 'EPERM';
  }
}
if (alive) {
  process.stderr.write(
    `dist/ is in use by \`npm start\` (pid ${pid}); building would replace the files it runs from.\n` +
      'Stop it first (Ctrl+C), or run the tests in another clone of the repository.\n',
  );
  process.exit(1);
}
rmSync('dist', { recursive: true, force: true });
