/** The idp's data for a run: accounts with the production argon2 parameters and one first-party client. */
import type { Connection } from 'mysql2/promise';
import { CreateAccountUseCase, PasswordHasher, PiiService, makeNationalId } from '#identity-core';
import { CreateClientUseCase, OidcModule, oidcRedisPrefix } from '#oidc';
import { APP_CONFIG, type AppConfig } from '#platform';
import { identityCoreContext } from '#test-support';
import { ARGON2_PARAMS } from './argon2.js';
import { seedPopulation, type PopulationReport } from './population.js';
import { ACCOUNTS, PASSWORD, POPULATION, REDIRECT_URI, log } from './settings.js';

export interface SeededIdp {
  accounts: { login: string; password: string }[];
  client: { id: string; secret: string };
  population: PopulationReport;
}

/** Fills the (migrated) database at databaseUrl and checks the stored hashes carry the production parameters. */
export async function seedIdp(db: Connection, databaseUrl: string): Promise<SeededIdp> {
  const ctx = await identityCoreContext({
    imports: [
      OidcModule.forManagement({
        inject: [APP_CONFIG as never],
        useFactory: (c: AppConfig) => ({ redisPrefix: oidcRedisPrefix(c.redisPrefix) }),
      }) as never,
    ],
    env: { DATABASE_URL: databaseUrl, ARGON2_MEMORY_KIB: String(ARGON2_PARAMS.memoryCost) },
  });
  const accounts: { login: string; password: string }[] = [];
  let client: { id: string; secret: string };
  let population: PopulationReport;
  try {
    const create = ctx.app.get(CreateAccountUseCase);
    for (let i = 0; i < ACCOUNTS; i += 2) {
      await Promise.all(
        [i, i + 1]
          .filter((k) => k < ACCOUNTS)
          .map(async (k) => {
            const username = `bench.user${String(k).padStart(4, '0')}`;
            await create.execute({
              username,
              password: PASSWORD,
              displayName: `Bench User ${k}`,
              nationalId: makeNationalId('A', '1', String(1_000_000 + k).slice(-7)),
              email: `${username}@example.edu.tw`,
              emailVerified: true,
              actor: 'bench',
            });
            accounts.push({ login: username, password: PASSWORD });
          }),
      );
    }
    // First party, so no consent page: the login flow is the one every first-party RP sees.
    const { client: c, secret } = await ctx.app.get(CreateClientUseCase).execute({
      name: 'Bench RP',
      redirectUris: [REDIRECT_URI],
      scopes: ['openid', 'profile', 'email', 'eduinfo'],
      grantTypes: ['client_credentials', 'authorization_code', 'refresh_token'],
      firstParty: true,
      actor: 'bench',
    });
    client = { id: c.clientId, secret: secret! };
    if (POPULATION) log(`filling the database to ${POPULATION} accounts`);
    population = await seedPopulation(db, new URL(databaseUrl).pathname.slice(1), POPULATION ?? 0, {
      pii: ctx.app.get(PiiService),
      fillerHash: await ctx.app.get(PasswordHasher).hash(`filler ${Math.random()} nobody signs in`),
      log,
    });
    log(
      `database: ${population.accounts} accounts (${population.fillers} added in ${population.seconds.toFixed(1)} s, ` +
        `${Math.round(population.rowsPerSecond)} rows/s), ${population.schools} schools`,
    );
  } finally {
    // The management context is not needed during the measurements; the database stays.
    await ctx.app.close();
  }
  const [hashRows] = await db.query(
    `SELECT password_hash AS h FROM \`${new URL(databaseUrl).pathname.slice(1)}\`.accounts LIMIT 1`,
  );
  const storedParams = /\$m=(\d+),t=(\d+),p=(\d+)\$/
    .exec(String((hashRows as { h: string }[])[0]?.h))
    ?.slice(1);
  if (
    storedParams?.join(',') !==
    `${ARGON2_PARAMS.memoryCost},${ARGON2_PARAMS.timeCost},${ARGON2_PARAMS.parallelism}`
  )
    throw new Error(`stored hashes use m,t,p = ${storedParams?.join(',')}, not the production parameters`);
  return { accounts, client, population };
}
