import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  NotFound,
  ValidationFailed,
  type AuditRecord,
  type AuditService,
  type PiiService,
} from '#identity-core';
import type { ClientRepository } from './client.repository.js';
import type { OidcClientEntity } from './oidc-client.entity.js';
import { RotateClientSecretUseCase } from './rotate-client-secret.use-case.js';
import { SetClientEnabledUseCase } from './set-client-enabled.use-case.js';
import { UpdateClientUseCase } from './update-client.use-case.js';

const pii = { encrypt: (v: string) => `enc(${v})` } as unknown as PiiService;

describe('client changes: update, rotate the secret, enable/disable', () => {
  let client: OidcClientEntity;
  let saved: OidcClientEntity[];
  let audits: AuditRecord[];
  let repo: ClientRepository;
  const audit = { record: async (r: AuditRecord) => void audits.push(r) } as unknown as AuditService;

  beforeEach(() => {
    client = {
      clientId: 'c1',
      name: 'RP',
      secretCipher: 'enc(old)',
      firstParty: false,
      personidApproved: false,
      enabled: true,
      metadata: {
        redirect_uris: ['https://rp.example.tw/cb'],
        grant_types: ['authorization_code', 'refresh_token'],
        scope: 'openid profile offline_access',
      },
    } as unknown as OidcClientEntity;
    saved = [];
    audits = [];
    repo = {
      find: async (id: string) => (id === 'c1' ? client : null),
      save: async (c: OidcClientEntity) => (saved.push(c), c),
    } as unknown as ClientRepository;
  });

  it('updates redirect URIs and scopes; personid only with its approval, recorded', async () => {
    const update = new UpdateClientUseCase(repo, audit);
    const refused = await update
      .execute({
        clientId: 'c1',
        redirectUris: ['https://rp.example.tw/2'],
        scopes: ['openid', 'personid'],
        approvePersonid: false,
        actor: 'a',
      })
      .catch((e: unknown) => e);
    assert.ok(refused instanceof ValidationFailed);
    assert.deepEqual(refused.problems, [{ field: 'scopes', code: 'personid_needs_approval' }]);
    assert.deepEqual(saved, []);
    const http = await update
      .execute({
        clientId: 'c1',
        redirectUris: ['http://localhost/cb'],
        scopes: ['openid'],
        approvePersonid: false,
        loopbackHttp: false,
        actor: 'a',
      })
      .catch((e: unknown) => e);
    assert.ok(http instanceof ValidationFailed);

    await update.execute({
      clientId: 'c1',
      redirectUris: ['https://rp.example.tw/2'],
      scopes: ['openid', 'personid'],
      approvePersonid: true,
      actor: 'admin:boss',
    });
    assert.equal(client.personidApproved, true);
    assert.deepEqual(client.metadata.redirect_uris, ['https://rp.example.tw/2']);
    assert.equal(client.metadata.scope, 'openid personid offline_access');
    assert.deepEqual(client.metadata.grant_types, ['authorization_code', 'refresh_token']);
    assert.equal(audits[0]?.action, 'client.update');
    assert.deepEqual(audits[0]?.details?.personidApproved, true);
    assert.deepEqual(audits[0]?.details?.personidApprovalChanged, true);
    await assert.rejects(
      update.execute({ clientId: 'nope', redirectUris: [], scopes: [], approvePersonid: false, actor: 'a' }),
      NotFound,
    );
  });

  it('rotates a secret: a new random one, stored encrypted, audited without it', async () => {
    const rotate = new RotateClientSecretUseCase(repo, pii, audit);
    const { secret } = await rotate.execute({ clientId: 'c1', actor: 'admin:boss' });
    assert.match(secret, /^[\w-]{43}$/);
    assert.equal(client.secretCipher, `enc(${secret})`);
    assert.equal(saved.length, 1);
    assert.ok(!JSON.stringify(audits).includes(secret));
    assert.equal(audits[0]?.action, 'client.rotate-secret');
    client.secretCipher = null;
    await assert.rejects(rotate.execute({ clientId: 'c1', actor: 'a' }), ValidationFailed);
  });

  it('disables and enables, audited', async () => {
    const set = new SetClientEnabledUseCase(repo, audit);
    await set.execute({ clientId: 'c1', enabled: false, actor: 'a' });
    assert.equal(client.enabled, false);
    await set.execute({ clientId: 'c1', enabled: true, actor: 'a' });
    assert.deepEqual(
      audits.map((a) => a.action),
      ['client.disable', 'client.enable'],
    );
  });
});
