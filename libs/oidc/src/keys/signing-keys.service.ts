import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { exportJWK, generateKeyPair, calculateJwkThumbprint, type JWK } from 'jose';
import { DataSource, type Repository } from 'typeorm';
import { AuditService, Clock, DomainError, PiiService } from '#identity-core';
import { SigningKeyEntity } from './signing-key.entity.js';

/** A stored signing key does not decrypt: PII_KEYS lost the key it was encrypted under (or a wrong one). */
export class SigningKeyUnreadable extends DomainError {
  /** The PII key id the signing key was encrypted under, and why it failed (`pii_key_unknown`, `pii_corrupt`). */
  readonly piiKeyId: string | undefined;
  readonly reason: string;

  constructor(kid: string, cause: DomainError) {
    super('signing_key_unreadable', `signing key ${kid} cannot be decrypted (${cause.message})`, {
      kid,
      reason: cause.code,
    });
    this.piiKeyId = cause.details?.keyId as string | undefined;
    this.reason = cause.code;
  }
}

/** How long a retired key stays in JWKS so tokens it signed can still be verified. */
const RETIRED_KEEP_MS = 2 * 24 * 3600 * 1000;

/**
 * Key lifecycle: `next` is published in JWKS before it signs anything (RPs cache JWKS);
 * rotation promotes next → active, active → retired (still published), and makes a new next.
 */
@Injectable()
export class SigningKeysService {
  constructor(
    @InjectRepository(SigningKeyEntity) private readonly repo: Repository<SigningKeyEntity>,
    private readonly dataSource: DataSource,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async generate(status: 'next' | 'active'): Promise<SigningKeyEntity> {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    const key = this.repo.create({
      kid,
      alg: 'RS256',
      status,
      privateJwkCipher: this.pii.encrypt(JSON.stringify({ ...jwk, kid, alg: 'RS256', use: 'sig' })),
      activatedAt: status === 'active' ? this.clock.now() : null,
      retiredAt: null,
    });
    return key;
  }

  /** Creates the first active and next keys when there are none (first start); safe to race. */
  async ensureKeys(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT GET_LOCK('edusso_signing_keys', 30)`);
      try {
        const repo = m.getRepository(SigningKeyEntity);
        if (!(await repo.exists({ where: { status: 'active' } })))
          await repo.save(await this.generate('active'));
        if (!(await repo.exists({ where: { status: 'next' } }))) await repo.save(await this.generate('next'));
      } finally {
        await m.query(`SELECT RELEASE_LOCK('edusso_signing_keys')`);
      }
    });
  }

  /** Private JWKs for oidc-provider: the active key first (it signs), then next and retired (published). */
  async providerJwks(): Promise<{ keys: JWK[] }> {
    await this.ensureKeys();
    const cutoff = new Date(this.clock.now().getTime() - RETIRED_KEEP_MS);
    const rows = await this.repo.find({ order: { createdAt: 'DESC' } });
    const rank = { active: 0, next: 1, retired: 2 } as const;
    const keys = rows
      .filter((k) => k.status !== 'retired' || (k.retiredAt && k.retiredAt > cutoff))
      .sort((a, b) => rank[a.status] - rank[b.status])
      .map((k) => this.privateJwk(k));
    return { keys };
  }

  private privateJwk(key: SigningKeyEntity): JWK {
    try {
      return JSON.parse(this.pii.decrypt(key.privateJwkCipher)) as JWK;
    } catch (e) {
      if (e instanceof DomainError) throw new SigningKeyUnreadable(key.kid, e);
      throw e;
    }
  }

  /** Fingerprint of the current key set; processes reload the provider when it changes. */
  async version(): Promise<string> {
    const rows = await this.repo.find({ select: { kid: true, status: true }, order: { kid: 'ASC' } });
    return rows.map((r) => `${r.kid}:${r.status}`).join(',');
  }

  async rotate(actor: string): Promise<{ active: string; next: string; retired: string | null }> {
    await this.ensureKeys();
    const result = await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(SigningKeyEntity);
      const active = await repo.findOneOrFail({
        where: { status: 'active' },
        lock: { mode: 'pessimistic_write' },
      });
      const next = await repo.findOneOrFail({
        where: { status: 'next' },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now();
      await repo.update({ kid: active.kid }, { status: 'retired', retiredAt: now });
      await repo.update({ kid: next.kid }, { status: 'active', activatedAt: now });
      const fresh = await this.generate('next');
      await repo.save(fresh);
      return { active: next.kid, next: fresh.kid, retired: active.kid };
    });
    await this.audit.record({
      actor,
      action: 'keys.rotate',
      target: `key:${result.active}`,
      result: 'success',
      details: result,
    });
    return result;
  }
}
