import { loadConfigOrExit } from '#platform';
import { workerConfigProblems } from './worker-config.js';

/** The only place this app reads the environment; invalid values stop the process (exit 1). */
export const config = loadConfigOrExit(process.env, 'worker');

const problems = workerConfigProblems(config);
if (problems.length) {
  process.stderr.write(`worker: invalid configuration\n${problems.map((p) => `  ${p}\n`).join('')}`);
  process.exit(1);
}
