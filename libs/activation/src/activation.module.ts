import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '#notifications';
import {
  ACTIVATION_OPTIONS,
  resolveActivationOptions,
  type ActivationOptions,
  type ResolvedActivationOptions,
} from './activation.options.js';
import { ApplyVouchedIdentityUseCase } from './application/apply-vouched-identity/apply-vouched-identity.use-case.js';
import { ApproveApplicationUseCase } from './application/approve-application/approve-application.use-case.js';
import { ChooseCredentialsUseCase } from './application/choose-credentials/choose-credentials.use-case.js';
import { CompleteActivationUseCase } from './application/complete-activation/complete-activation.use-case.js';
import { DescribeFlowUseCase } from './application/describe-flow/describe-flow.use-case.js';
import { ImportAccountsUseCase } from './application/import-accounts/import-accounts.use-case.js';
import { IssueActivationCodesUseCase } from './application/issue-activation-codes/issue-activation-codes.use-case.js';
import { ListApplicationsUseCase } from './application/list-applications/list-applications.use-case.js';
import { ProveIdentityUseCase } from './application/prove-identity/prove-identity.use-case.js';
import { ProveVouchedIdentityUseCase } from './application/prove-vouched-identity/prove-vouched-identity.use-case.js';
import { RegisterContactsUseCase } from './application/register-contacts/register-contacts.use-case.js';
import { RejectApplicationUseCase } from './application/reject-application/reject-application.use-case.js';
import { ResendContactCodeUseCase } from './application/resend-contact-code/resend-contact-code.use-case.js';
import { StartApplicationUseCase } from './application/start-application/start-application.use-case.js';
import { SubmitApplicationUseCase } from './application/submit-application/submit-application.use-case.js';
import { VerifyContactsUseCase } from './application/verify-contacts/verify-contacts.use-case.js';
import { ActivationCodeIssuer } from './codes/activation-code.issuer.js';
import { CodeHasher } from './domain/code-hasher.js';
import { ACTIVATION_ENTITIES } from './entities/index.js';
import { ContactVerification } from './flow/contact-verification.js';
import { FlowStore } from './flow/flow.store.js';

const USE_CASES = [
  ImportAccountsUseCase,
  IssueActivationCodesUseCase,
  ProveIdentityUseCase,
  ProveVouchedIdentityUseCase,
  ApplyVouchedIdentityUseCase,
  ChooseCredentialsUseCase,
  RegisterContactsUseCase,
  VerifyContactsUseCase,
  ResendContactCodeUseCase,
  CompleteActivationUseCase,
  DescribeFlowUseCase,
  StartApplicationUseCase,
  SubmitApplicationUseCase,
  ListApplicationsUseCase,
  ApproveApplicationUseCase,
  RejectApplicationUseCase,
];

/**
 * Provisioning (roster import, activation codes), activation of pending accounts and
 * applications for an account. Needs the identity core, REDIS (RedisModule) and the database.
 */
@Module({})
export class ActivationModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => ActivationOptions | Promise<ActivationOptions>;
  }): DynamicModule {
    const providers: Provider[] = [
      {
        provide: ACTIVATION_OPTIONS,
        inject: options.inject ?? [],
        useFactory: async (...args: unknown[]) => resolveActivationOptions(await options.useFactory(...args)),
      },
      {
        provide: CodeHasher,
        inject: [ACTIVATION_OPTIONS],
        useFactory: (o: ResolvedActivationOptions) => new CodeHasher(Buffer.from(o.codeSecret, 'base64')),
      },
      FlowStore,
      ContactVerification,
      ActivationCodeIssuer,
      ...USE_CASES,
    ];
    return {
      module: ActivationModule,
      imports: [
        ...(options.imports ?? []),
        NotificationsModule,
        TypeOrmModule.forFeature(ACTIVATION_ENTITIES),
      ],
      providers,
      exports: [...USE_CASES, ACTIVATION_OPTIONS],
    };
  }
}
