/**
 * `npm run bench -- --accounts N`: the database filled to N accounts the way a county's roster
 * import leaves it (names, schools across the 22 counties, one affiliation each, national IDs
 * encrypted and blind-indexed, contacts), by multi-row INSERTs, so login, token and eduinfo are
 * measured at that size. The bench's own accounts are among them and get affiliations too (also in
 * a run without --accounts, so the two runs measure the same requests).
 *
 * Filler accounts share one argon2id hash (of a password nobody is given): hashing a million
 * passwords would take this machine hours and changes nothing that is measured, since only the
 * bench's accounts sign in.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import { TAIWAN_COUNTIES } from '#county-federation';
import { makeNationalId, type PiiService } from '#identity-core';

const SCHOOLS_PER_COUNTY = 150;
const BATCH = 2_000;
const SURNAMES =
  '陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴';
const GIVEN = '家宇怡君志明雅婷俊傑淑芬冠廷佳穎承恩宥辰品妍子晴柏翰語彤思妤浩宇詠晴宸睿芷瑜若曦';
const TITLES = [
  ['學生'],
  ['學生'],
  ['學生'],
  ['學生'],
  ['學生'],
  ['學生'],
  ['學生'],
  ['教師'],
  ['教師', '導師'],
];
const YEAR = '114';
const SEMESTER = '1';

export interface PopulationReport {
  accounts: number;
  fillers: number;
  schools: number;
  seconds: number;
  rowsPerSecond: number;
}

/** Ids of the schools (`<county no.><4 digits>`), the same list in every run. */
export function schoolIds(): { eduid: string; name: string; county: string }[] {
  return TAIWAN_COUNTIES.flatMap((c, ci) =>
    Array.from({ length: SCHOOLS_PER_COUNTY }, (_, k) => ({
      eduid: `${String(ci + 1).padStart(2, '0')}${String(k + 1).padStart(4, '0')}`,
      name: `${c.name}立第${k + 1}國民${k % 3 === 0 ? '中學' : '小學'}`,
      county: c.name,
    })),
  );
}

function affiliationRow(accountId: number, i: number, schools: { eduid: string }[]): unknown[] {
  const titles = TITLES[i % TITLES.length]!;
  const student = titles[0] === '學生';
  const grade = String((i % 6) + 1);
  const classNo = String((i % 12) + 1).padStart(2, '0');
  return [
    accountId,
    schools[(i * 7919) % schools.length]!.eduid,
    YEAR,
    SEMESTER,
    JSON.stringify(titles),
    student ? grade : null,
    student ? classNo : null,
    student ? `${grade}年${classNo}班` : null,
  ];
}

async function insertRows(db: Connection, sql: string, rows: unknown[][]): Promise<void> {
  if (rows.length) await db.query(sql, [rows]);
}

/**
 * Fills the migrated database `dbName` up to `total` accounts (those already there count), with
 * one affiliation per account for the current term, and affiliations for the existing accounts.
 */
export async function seedPopulation(
  db: Connection,
  dbName: string,
  total: number,
  deps: { pii: PiiService; fillerHash: string; log: (m: string) => void },
): Promise<PopulationReport> {
  const started = Date.now();
  const q = (t: string) => `\`${dbName}\`.${t}`;
  const schools = schoolIds();
  await insertRows(
    db,
    `INSERT IGNORE INTO ${q('schools')} (eduid, name, county) VALUES ?`,
    schools.map((s) => [s.eduid, s.name, s.county]),
  );
  const [existing] = (await db.query(`SELECT id FROM ${q('accounts')} ORDER BY id`)) as unknown as [
    { id: number }[],
  ];
  const affiliationSql = `INSERT IGNORE INTO ${q('affiliations')}
    (account_id, school_id, year, semester, titles, grade, class_no, class_title) VALUES ?`;
  await insertRows(
    db,
    affiliationSql,
    existing.map((a, i) => affiliationRow(a.id, i, schools)),
  );

  const fillers = Math.max(0, total - existing.length);
  const accountSql = `INSERT INTO ${q('accounts')} (sub, username, display_name, family_name, given_name,
    email, email_verified, phone, phone_verified, birth_date, national_id_cipher, national_id_index,
    password_hash, status) VALUES ?`;
  let lastLog = Date.now();
  for (let from = 0; from < fillers; from += BATCH) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(fillers, from + BATCH); i++) {
      // National IDs F1/F2 + 7 digits: unique per i, never the bench accounts' A1 ones.
      const nationalId = makeNationalId('F', i % 2 ? '1' : '2', String(Math.floor(i / 2)).padStart(7, '0'));
      const family = SURNAMES[i % SURNAMES.length]!;
      const given = GIVEN[(i * 31) % GIVEN.length]! + GIVEN[(i * 17 + 5) % GIVEN.length]!;
      const username = `p${String(i).padStart(7, '0')}`;
      const born = new Date(Date.UTC(1960 + (i % 60), i % 12, (i % 28) + 1));
      const status = i % 50 === 0 ? 'pending' : i % 199 === 0 ? 'locked' : 'active';
      rows.push([
        randomUUID(),
        status === 'pending' ? null : username,
        family + given,
        family,
        given,
        i % 3 ? `${username}@mail.edu.tw` : null,
        i % 3 ? 1 : 0,
        i % 4 ? `09${String(10_000_000 + ((i * 7_919) % 90_000_000)).slice(-8)}` : null,
        i % 4 ? 1 : 0,
        born.toISOString().slice(0, 10),
        deps.pii.encrypt(nationalId),
        deps.pii.nationalIdIndex(nationalId),
        status === 'pending' ? null : deps.fillerHash,
        status,
      ]);
    }
    const [res] = (await db.query(accountSql, [rows])) as unknown as [{ insertId: number }];
    // One multi-row INSERT takes consecutive auto-increment ids (innodb_autoinc_lock_mode ≤ 1, or
    // one connection inserting alone): the first id and the batch's order give each row's id.
    const [last] = (await db.query(`SELECT id FROM ${q('accounts')} WHERE sub = ?`, [
      rows.at(-1)![0],
    ])) as unknown as [{ id: number }[]];
    if (last[0]?.id !== res.insertId + rows.length - 1)
      throw new Error('account ids of one INSERT are not consecutive (innodb_autoinc_lock_mode = 2?)');
    await insertRows(
      db,
      affiliationSql,
      rows.map((_, k) => affiliationRow(res.insertId + k, existing.length + from + k, schools)),
    );
    if (Date.now() - lastLog > 15_000) {
      deps.log(`  ${from + rows.length} of ${fillers} accounts`);
      lastLog = Date.now();
    }
  }
  await db.query(`ANALYZE TABLE ${q('accounts')}, ${q('affiliations')}, ${q('schools')}`);
  const seconds = (Date.now() - started) / 1000;
  return {
    accounts: existing.length + fillers,
    fillers,
    schools: schools.length,
    seconds,
    rowsPerSecond: (fillers * 2) / Math.max(seconds, 0.001),
  };
}
