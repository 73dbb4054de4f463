import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

const SERVER = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** A fresh, uniquely named database URL for one test file; drop it with dropDatabase. */
export function freshDatabaseUrl(prefix = 'edusso_t'): string {
  return `${SERVER}/${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const conn = await createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: u.username || 'root',
  });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${u.pathname.slice(1)}\``);
  } finally {
    await conn.end();
  }
}
