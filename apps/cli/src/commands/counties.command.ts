import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  AddCountyUseCase,
  CountyConfigInvalid,
  ListCountiesUseCase,
  UnlinkCountyUseCase,
  UpdateCountyUseCase,
  type CountyView,
} from '#county-federation';
import { GetAccountUseCase } from '#identity-core';
import { withContext } from '../context.js';
import { fail, print, UsageError } from '../output.js';

const repeat = (v: string, acc: string[]) => [...acc, v];
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];

function describe(c: CountyView): string {
  return [
    `id:            ${c.id}`,
    `name:          ${c.name}`,
    `kind:          ${c.kind}`,
    `issuer:        ${c.issuer}`,
    ...(c.endpoints
      ? [
          `authorization: ${c.endpoints.authorization}`,
          `token:         ${c.endpoints.token}`,
          ...c.endpoints.profile.map((p) => `profile API:   ${p}`),
          `subject claim: ${c.subjectClaim}`,
        ]
      : []),
    `client_id:     ${c.clientId} (${c.authMethod})`,
    `scopes:        ${c.scopes.join(' ')}`,
    `claims:        ${c.claimsMapping === 'default' ? 'default mapping' : JSON.stringify(c.claimsMapping)}`,
    `national IDs:  ${c.trustNationalId ? 'trusted' : 'not trusted'}${c.provision ? ', provisions new accounts' : ''}`,
    `status:        ${c.enabled ? 'enabled' : 'disabled'}`,
    `redirect URI:  ${c.redirectUri}   (register this at the county)`,
  ].join('\n');
}

/** `--claims mapping.json` (or `default`): the file's JSON; the use case checks its fields. */
function readClaims(path: string | undefined): unknown {
  if (path === undefined) return undefined;
  if (path === 'default') return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`usage: --claims ${path}: cannot read the file`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CountyConfigInvalid(['claims: not valid JSON']);
  }
}

function scopes(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(/[\s+]+/).filter(Boolean);
}

function checkOptions(o: Record<string, unknown>) {
  if (o.kind !== undefined && o.kind !== 'oidc' && o.kind !== 'oauth2')
    throw new UsageError('usage: --kind must be oidc or oauth2');
  if (o.authMethod !== undefined && !AUTH_METHODS.includes(String(o.authMethod)))
    throw new UsageError('usage: --auth-method must be client_secret_basic or client_secret_post');
}

function endpoints(o: {
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  userinfoEndpoint?: string[];
}) {
  const given = o.authorizationEndpoint || o.tokenEndpoint || o.userinfoEndpoint?.length;
  return given
    ? {
        authorization: o.authorizationEndpoint,
        token: o.tokenEndpoint,
        profile: o.userinfoEndpoint?.length ? o.userinfoEndpoint : undefined,
      }
    : undefined;
}

/** Options shared by add and update. */
function countyOptions(c: Command, add: boolean): Command {
  return c
    .option('--kind <kind>', 'oidc (discovery from --issuer, the default) or oauth2 (Taipei style)')
    .option('--issuer <url>', 'OpenID Connect issuer (discovery); for oauth2 an identifier')
    .option('--auth-method <method>', 'client_secret_basic (default) or client_secret_post (Kaohsiung)')
    .option('--scopes <scopes>', 'space-separated; default "openid exchangedata" for oidc')
    .option(
      '--claims <mapping.json>',
      'claims mapping file (see libs/county-federation/README.md); "default" resets',
    )
    .option('--trust-national-id', 'the county vouches for national IDs: match accounts by them')
    .option(
      '--provision',
      'create an account for a vouched national ID nobody has (needs --trust-national-id)',
    )
    .option('--authorization-endpoint <url>', 'oauth2')
    .option('--token-endpoint <url>', 'oauth2')
    .option('--userinfo-endpoint <url>', 'oauth2 profile API, repeatable (merged in order)', repeat, [])
    .option('--subject-claim <path>', 'oauth2: the user id in the profile (dotted), default "id"')
    .option('--json', 'machine-readable output')
    .option(add ? '--disabled' : '--enable', add ? 'add it disabled' : 'enable it again');
}

export function registerCountyCommands(program: Command): void {
  countyOptions(
    program
      .command('counties:add')
      .description('add a county login service (使用縣市帳號登入); prints the redirect URI to register there')
      .requiredOption('--id <slug>', 'e.g. tc, kh, tp')
      .requiredOption('--name <name>', 'e.g. 臺中市')
      .requiredOption('--client-id <id>')
      .requiredOption('--client-secret <secret>'),
    true,
  ).action(async (o) => {
    try {
      checkOptions(o);
      const claimsMapping = readClaims(o.claims);
      const view = await withContext((ctx) =>
        ctx.get(AddCountyUseCase).execute({
          id: o.id,
          name: o.name,
          kind: o.kind,
          issuer: o.issuer,
          clientId: o.clientId,
          clientSecret: o.clientSecret,
          authMethod: o.authMethod,
          scopes: scopes(o.scopes),
          claimsMapping: claimsMapping ?? undefined,
          trustNationalId: Boolean(o.trustNationalId),
          provision: Boolean(o.provision),
          endpoints: endpoints(o),
          subjectClaim: o.subjectClaim,
          enabled: !o.disabled,
          actor: 'cli',
        }),
      );
      print(view, Boolean(o.json), () => `added\n${describe(view)}`);
    } catch (e) {
      fail(e, Boolean(o.json));
    }
  });

  countyOptions(
    program
      .command('counties:update')
      .description('change a county (only the options given)')
      .argument('<id>')
      .option('--name <name>')
      .option('--client-id <id>')
      .option('--client-secret <secret>')
      .option('--no-trust-national-id', 'stop matching accounts by national ID')
      .option('--no-provision', 'stop creating accounts'),
    false,
  ).action(async (id: string, o) => {
    try {
      checkOptions(o);
      if (o.kind !== undefined) throw new UsageError('usage: --kind cannot change; add a new county');
      const view = await withContext((ctx) =>
        ctx.get(UpdateCountyUseCase).execute({
          id,
          name: o.name,
          issuer: o.issuer,
          clientId: o.clientId,
          clientSecret: o.clientSecret,
          authMethod: o.authMethod,
          scopes: scopes(o.scopes),
          claimsMapping: readClaims(o.claims),
          trustNationalId: o.trustNationalId,
          provision: o.provision,
          endpoints: endpoints(o),
          subjectClaim: o.subjectClaim,
          enabled: o.enable ? true : undefined,
          actor: 'cli',
        }),
      );
      print(view, Boolean(o.json), () => `updated\n${describe(view)}`);
    } catch (e) {
      fail(e, Boolean(o.json));
    }
  });

  program
    .command('counties:disable')
    .description('take a county off the login page (its links stay; counties:update --enable brings it back)')
    .argument('<id>')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => {
      try {
        const view = await withContext((ctx) =>
          ctx.get(UpdateCountyUseCase).execute({ id, enabled: false, actor: 'cli' }),
        );
        print(view, Boolean(o.json), () => `disabled\n${describe(view)}`);
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('counties:list')
    .description('list the county login services (no secrets), north to south')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const rows = await withContext((ctx) => ctx.get(ListCountiesUseCase).execute());
        print(
          rows,
          Boolean(o.json),
          () =>
            rows
              .map(
                (c) =>
                  `${c.id}  ${c.name}  ${c.kind}  ${c.issuer}  ${c.enabled ? 'enabled' : 'disabled'}${c.trustNationalId ? '  [national IDs]' : ''}${c.provision ? '  [provision]' : ''}`,
              )
              .join('\n') || '(no counties)',
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('counties:unlink')
    .description("remove an account's linked county identity (the next county login asks to link again)")
    .argument('<username>', 'username or username@mail.edu.tw')
    .requiredOption('--county <id>')
    .option('--json', 'machine-readable output')
    .action(async (username: string, o) => {
      try {
        await withContext(async (ctx) => {
          const account = await ctx.get(GetAccountUseCase).execute(username);
          await ctx
            .get(UnlinkCountyUseCase)
            .execute({ accountSub: account.sub, county: o.county, actor: 'cli' });
        });
        print({ unlinked: o.county }, Boolean(o.json), () => `unlinked ${o.county}`);
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
