import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, AuditService, PiiService } from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../../activation.options.js';
import {
  formatApplicationReference,
  generateApplicationReference,
} from '../../domain/application-reference.js';
import { FlowExpired } from '../../domain/errors.js';
import { AccountApplicationEntity } from '../../entities/account-application.entity.js';
import { ContactVerification } from '../../flow/contact-verification.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { ApplyFlow } from '../../flow/flow.types.js';

/**
 * Both contacts verified: the application joins the helpdesk queue under a random reference
 * number (申請編號) and the applicant gets a "received" mail with it and the status page's link. An existing account or pending application for the same national ID is
 * recorded for the reviewer, not told to the applicant: the page and the mail are the same.
 */
@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly flows: FlowStore,
    private readonly pii: PiiService,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  async execute(cmd: { token: string | undefined }): Promise<void> {
    const flow = await this.flows.load('apply', cmd.token);
    if (!flow || flow.data.step !== 'verify') throw new FlowExpired();
    const f = flow.data;
    if (
      !f.contacts.email?.verified ||
      !f.contacts.phone?.verified ||
      !ContactVerification.allVerified(f.contacts)
    )
      throw new FlowExpired();
    // Marked first, so a double submit cannot queue the same application twice.
    f.step = 'done';
    f.reference = generateApplicationReference();
    if (!(await this.flows.save(flow))) throw new FlowExpired();

    try {
      await this.insert(f);
    } catch (e) {
      f.step = 'verify';
      delete f.reference;
      await this.flows.save(flow);
      throw e;
    }
  }

  private async insert(f: ApplyFlow): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const index = this.pii.nationalIdIndex(f.nationalId);
      const applications = m.getRepository(AccountApplicationEntity);
      const duplicateOf = (await this.accounts.existsByNationalIdIndex(index, m))
        ? 'account'
        : (await applications.exists({ where: { nationalIdIndex: index, status: 'pending' } }))
          ? 'application'
          : null;
      const saved = await applications.save(
        applications.create({
          status: 'pending',
          reference: f.reference!,
          nationalIdCipher: this.pii.encrypt(f.nationalId),
          nationalIdIndex: index,
          displayName: f.name,
          birthDate: f.birthDate,
          email: f.contacts.email!.value,
          phone: f.contacts.phone!.value,
          locale: f.locale,
          duplicateOf,
          accountId: null,
          reviewer: null,
          reason: null,
          reviewedAt: null,
          ip: f.ip,
        }),
      );
      await this.outbox.enqueue(
        {
          channel: 'email',
          to: saved.email,
          template: 'application.received',
          locale: f.locale,
          data: {
            name: saved.displayName,
            reference: formatApplicationReference(f.reference!),
            link: this.options.applicationStatusUrl,
          },
          idempotencyKey: `application:${saved.id}:received`,
        },
        m,
      );
      await this.audit.record(
        {
          actor: 'anonymous',
          action: 'application.submit',
          target: `application:${saved.id}`,
          result: 'success',
          ip: f.ip,
          details: { duplicateOf },
        },
        m,
      );
    });
  }
}
