import { loadConfigOrExit } from '#platform';

/** The only place this app reads the environment; invalid values stop the process (exit 1). */
export const config = loadConfigOrExit(process.env, 'idp');
