import type { Command } from 'commander';
import { ClientRepository, CreateClientUseCase, SigningKeysService } from '#oidc';
import { withContext } from '../context.js';
import { fail, print, UsageError } from '../output.js';

const repeat = (v: string, acc: string[]) => [...acc, v];

export function registerClientCommands(program: Command): void {
  program
    .command('clients:create')
    .description('register a relying party; prints its id and secret once')
    .requiredOption('--name <name>')
    .option('--redirect-uri <uri>', 'repeatable', repeat, [])
    .option('--post-logout-redirect-uri <uri>', 'repeatable', repeat, [])
    .option('--scopes <scopes>', 'space-separated, e.g. "openid profile email eduinfo"')
    .option('--first-party', 'a ministry service: skips the consent page')
    .option('--public', 'no secret; PKCE required (SPAs, mobile apps)')
    .option('--auth-method <method>', 'client_secret_basic | client_secret_post | private_key_jwt')
    .option('--jwks-uri <uri>', 'for private_key_jwt')
    .option('--backchannel-logout-uri <uri>')
    .option('--client-credentials', 'allow the client_credentials grant (system integrations)')
    .option('--approve-personid', 'administrator approval to release the national ID (personid scope)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const method = o.authMethod as string | undefined;
        if (method && !['client_secret_basic', 'client_secret_post', 'private_key_jwt'].includes(method))
          throw new UsageError(
            'usage: --auth-method must be client_secret_basic, client_secret_post or private_key_jwt',
          );
        const { client, secret } = await withContext((ctx) =>
          ctx.get(CreateClientUseCase).execute({
            name: o.name,
            redirectUris: o.redirectUri,
            postLogoutRedirectUris: o.postLogoutRedirectUri,
            scopes: o.scopes
              ? String(o.scopes)
                  .split(/[\s+]+/)
                  .filter(Boolean)
              : undefined,
            firstParty: Boolean(o.firstParty),
            public: Boolean(o.public),
            tokenEndpointAuthMethod: method as never,
            jwksUri: o.jwksUri,
            backchannelLogoutUri: o.backchannelLogoutUri,
            grantTypes: o.clientCredentials
              ? o.redirectUri.length
                ? ['authorization_code', 'refresh_token', 'client_credentials']
                : ['client_credentials']
              : undefined,
            approvePersonid: Boolean(o.approvePersonid),
            actor: 'cli',
          }),
        );
        const out = { client_id: client.clientId, client_secret: secret, ...client.metadata };
        print(out, Boolean(o.json), () =>
          [
            `client_id:     ${client.clientId}`,
            `client_secret: ${secret ?? '(public client: none)'}`,
            'Store the secret now: it is not shown again.',
          ].join('\n'),
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('clients:list')
    .description('list relying parties (no secrets)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const clients = await withContext((ctx) => ctx.get(ClientRepository).list());
        const rows = clients.map((c) => ({
          client_id: c.clientId,
          name: c.name,
          first_party: c.firstParty,
          enabled: c.enabled,
          redirect_uris: c.metadata.redirect_uris,
          scope: c.metadata.scope,
        }));
        print(
          rows,
          Boolean(o.json),
          () =>
            rows
              .map((r) => `${r.client_id}  ${r.name}${r.first_party ? '  [first-party]' : ''}  ${r.scope}`)
              .join('\n') || '(no clients)',
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  program
    .command('keys:rotate')
    .description('promote the published next signing key, retire the current one, publish a new next')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      try {
        const r = await withContext((ctx) => ctx.get(SigningKeysService).rotate('cli'));
        print(
          r,
          Boolean(o.json),
          () => `active: ${r.active}\nnext:   ${r.next}\nretired (still published): ${r.retired}`,
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
