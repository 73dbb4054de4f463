/** TINYINT(1) columns as booleans (mysql2 returns them as numbers). */
export const booleanColumn = { to: (v: boolean) => (v ? 1 : 0), from: (v: number | boolean) => Boolean(v) };
