import { decodeCsv, type CsvEncoding } from '#identity-core';

export type RosterEncoding = CsvEncoding;

/** The roster is read like every imported CSV (identity-core's `decodeCsv`: UTF-8, Big5, UTF-16). */
export const decodeRoster = decodeCsv;
