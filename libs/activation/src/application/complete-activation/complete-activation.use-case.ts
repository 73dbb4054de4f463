import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AccountRepository, AccountStateService, Clock, ValidationFailed } from '#identity-core';
import { ActivationCodeIssuer } from '../../codes/activation-code.issuer.js';
import { ActivationFailed, FlowExpired } from '../../domain/errors.js';
import { ActivationCodeEntity } from '../../entities/activation-code.entity.js';
import { ContactVerification } from '../../flow/contact-verification.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { AttemptContext } from '../attempt-context.js';

/**
 * The last step: in one transaction the activation code is consumed (once: a second flow with
 * the same code fails here), the account gets its username, password and verified contacts and
 * moves pending → active (identity-core's AccountStateService, audited there), and any other code
 * of it is revoked.
 * A username taken meanwhile sends the person back to choose another. An identity a county
 * vouched for has no code; the caller gets the flow's `link` back to link the county identity.
 */
@Injectable()
export class CompleteActivationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flows: FlowStore,
    private readonly issuer: ActivationCodeIssuer,
    private readonly accounts: AccountRepository,
    private readonly state: AccountStateService,
    private readonly clock: Clock,
  ) {}

  async execute(
    cmd: { token: string | undefined },
    ctx: AttemptContext,
  ): Promise<{ username: string; link?: { accountSub: string; ticket: unknown } }> {
    const flow = await this.flows.load('activation', cmd.token);
    if (!flow || flow.data.step !== 'verify') throw new FlowExpired();
    const f = flow.data;
    if (!f.username || !f.passwordHash || !ContactVerification.allVerified(f.contacts))
      throw new FlowExpired();
    const username = f.username;
    const passwordHash = f.passwordHash;

    try {
      await this.dataSource.transaction(async (m) => {
        const now = this.clock.now();
        const account = await this.accounts.findForUpdate({ sub: f.accountSub }, m);
        if (!account || account.status !== 'pending') throw new ActivationFailed();
        // A vouched identity (a county's) has no code to consume; the account must still be pending.
        if (f.codeId !== null || !f.via) {
          const consumed = await m
            .getRepository(ActivationCodeEntity)
            .update(
              { id: f.codeId ?? '0', accountId: account.id, usedAt: IsNull(), revokedAt: IsNull() },
              { usedAt: now },
            );
          if (consumed.affected !== 1) throw new ActivationFailed();
        }
        if (await this.accounts.existsByUsername(username, m))
          throw new ValidationFailed([{ field: 'username', code: 'taken' }]);

        await this.state.activate(
          {
            account: { id: account.id },
            username,
            passwordHash,
            email: f.contacts.email?.value,
            phone: f.contacts.phone?.value,
            actor: `account:${account.sub}`,
            ip: ctx.ip,
            userAgent: ctx.userAgent,
            details: {
              method: f.via ?? 'activation-code',
              email: Boolean(f.contacts.email),
              phone: Boolean(f.contacts.phone),
            },
          },
          m,
        );
        await this.issuer.revokeAll(m, account.id);
      });
    } catch (e) {
      const taken =
        (e instanceof ValidationFailed && e.problems.some((p) => p.code === 'taken')) ||
        (e as { code?: string }).code === 'ER_DUP_ENTRY';
      if (taken) {
        f.step = 'credentials';
        f.username = null;
        f.passwordHash = null;
        await this.flows.save(flow);
        throw new ValidationFailed([{ field: 'username', code: 'taken' }]);
      }
      if (e instanceof ActivationFailed) await this.flows.delete(flow.id);
      throw e;
    }

    // Kept briefly, without secrets, so the confirmation page can show the new username.
    f.step = 'done';
    f.passwordHash = null;
    f.contacts = {};
    const link = f.link;
    delete f.link;
    await this.flows.save(flow);
    return { username, ...(link === undefined ? {} : { link: { accountSub: f.accountSub, ticket: link } }) };
  }
}
