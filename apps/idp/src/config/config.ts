import { loadConfigOrExit } from '#platform';
import { loadCertificateConfigOrExit } from './certificate-config.js';

/** The only place this app reads the environment; invalid values stop the process (exit 1). */
export const config = loadConfigOrExit(process.env, 'idp');

/** 自然人憑證 and 行動自然人憑證 (each off until configured). */
export const certificateConfig = loadCertificateConfigOrExit(process.env);
