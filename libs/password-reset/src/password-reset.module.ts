import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '#notifications';
import { CheckResetTicketUseCase } from './application/check-reset-ticket/check-reset-ticket.use-case.js';
import { CompleteResetUseCase } from './application/complete-reset/complete-reset.use-case.js';
import { FindResetChannelsUseCase } from './application/find-reset-channels/find-reset-channels.use-case.js';
import { RemindUsernameUseCase } from './application/remind-username/remind-username.use-case.js';
import { SendResetUseCase } from './application/send-reset/send-reset.use-case.js';
import { VerifyResetCodeUseCase } from './application/verify-reset-code/verify-reset-code.use-case.js';
import { ResetChallengeEntity } from './challenges/reset-challenge.entity.js';
import { ResetChallengeRepository } from './challenges/reset-challenge.repository.js';
import { ResetTicketReader } from './challenges/reset-ticket.reader.js';
import {
  PASSWORD_RESET_OPTIONS,
  resolvePasswordResetOptions,
  type PasswordResetOptions,
} from './password-reset.options.js';
import { NoResetSecondFactor, ResetSecondFactor } from './second-factor/reset-second-factor.js';
import { ResetSecrets } from './secrets/reset-secrets.js';
import { ResetSubjectResolver } from './subjects/reset-subject.resolver.js';

const USE_CASES = [
  FindResetChannelsUseCase,
  SendResetUseCase,
  VerifyResetCodeUseCase,
  CheckResetTicketUseCase,
  CompleteResetUseCase,
  RemindUsernameUseCase,
];

/**
 * Forgot password and forgot username. Needs, from the app: IdentityCoreModule (global), the
 * global REDIS, and a SessionTerminator (the OIDC engine provides it globally in the idp).
 * Replace `ResetSecondFactor` to ask for a second factor during resets.
 */
@Module({})
export class PasswordResetModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => PasswordResetOptions | Promise<PasswordResetOptions>;
  }): DynamicModule {
    return {
      module: PasswordResetModule,
      imports: [
        ...(options.imports ?? []),
        TypeOrmModule.forFeature([ResetChallengeEntity]),
        NotificationsModule,
      ],
      providers: [
        {
          provide: PASSWORD_RESET_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: any[]) =>
            resolvePasswordResetOptions(await options.useFactory(...args)),
        },
        ResetSecrets,
        ResetChallengeRepository,
        ResetTicketReader,
        ResetSubjectResolver,
        { provide: ResetSecondFactor, useClass: NoResetSecondFactor },
        ...USE_CASES,
      ],
      exports: [...USE_CASES, ResetSecondFactor],
    };
  }
}
