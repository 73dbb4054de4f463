import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SignInMethodsModule } from '#identity-core';
import { NotificationsModule } from '#notifications';
import { ConfirmTotpEnrolmentUseCase } from './application/confirm-totp-enrolment/confirm-totp-enrolment.use-case.js';
import { DescribeSecondFactorsUseCase } from './application/describe-second-factors/describe-second-factors.use-case.js';
import { EnableSmsCodesUseCase } from './application/enable-sms-codes/enable-sms-codes.use-case.js';
import { RecoveryCodeIssuer } from './application/regenerate-recovery-codes/recovery-code.issuer.js';
import { RegenerateRecoveryCodesUseCase } from './application/regenerate-recovery-codes/regenerate-recovery-codes.use-case.js';
import { RemoveSecondFactorUseCase } from './application/remove-second-factor/remove-second-factor.use-case.js';
import { ResetSecondFactorsUseCase } from './application/reset-second-factors/reset-second-factors.use-case.js';
import { StartTotpEnrolmentUseCase } from './application/start-totp-enrolment/start-totp-enrolment.use-case.js';
import { OtpSecrets } from './credentials/otp-secrets.js';
import { SecondFactorsRepository } from './credentials/second-factors.repository.js';
import { SecurityNotices } from './credentials/security-notices.js';
import { OTP_ENTITIES } from './entities/index.js';
import { OTP_OPTIONS, resolveOtpOptions, type OtpOptions } from './otp.options.js';
import { CodeHolders } from './sign-in/code-holders.js';
import { FactorChecks } from './sign-in/factor-checks.js';
import { OneTimePasswordSignInMethod } from './sign-in/one-time-password.sign-in-method.js';
import {
  RecoveryCodeSignInMethod,
  SmsSignInMethod,
  TotpSignInMethod,
} from './sign-in/second-factor.sign-in-methods.js';
import { SmsSignInCodes } from './sign-in/sms-sign-in-codes.js';

const USE_CASES = [
  StartTotpEnrolmentUseCase,
  ConfirmTotpEnrolmentUseCase,
  RemoveSecondFactorUseCase,
  EnableSmsCodesUseCase,
  RegenerateRecoveryCodesUseCase,
  DescribeSecondFactorsUseCase,
  ResetSecondFactorsUseCase,
];
const INTERNALS = [
  SecondFactorsRepository,
  OtpSecrets,
  SecurityNotices,
  RecoveryCodeIssuer,
  FactorChecks,
  CodeHolders,
  SmsSignInCodes,
];
/** 一次性密碼登入 on the login page, and the further factors after a password. */
const METHODS = [OneTimePasswordSignInMethod, TotpSignInMethod, SmsSignInMethod, RecoveryCodeSignInMethod];

/** What the sign-in methods and the use cases share (the methods' module imports it too). */
@Module({})
class OtpCoreModule {}

/**
 * One-time passwords and second factors: the authenticator app (TOTP), SMS sign-in codes and
 * recovery codes, their enrolment use cases, and their sign-in methods on the registry. Needs,
 * from the app: IdentityCoreModule (global), REDIS, and the outbox's database.
 */
@Module({})
export class OtpModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => OtpOptions | Promise<OtpOptions>;
  }): DynamicModule {
    const optionsProvider: Provider = {
      provide: OTP_OPTIONS,
      inject: options.inject ?? [],
      useFactory: async (...args: any[]) => resolveOtpOptions(await options.useFactory(...args)),
    };
    const core: DynamicModule = {
      module: OtpCoreModule,
      imports: [...(options.imports ?? []), TypeOrmModule.forFeature(OTP_ENTITIES), NotificationsModule],
      providers: [optionsProvider, ...INTERNALS, ...USE_CASES],
      exports: [...INTERNALS, ...USE_CASES],
    };
    return {
      module: OtpModule,
      imports: [core, SignInMethodsModule.register(METHODS, { imports: [core] })],
      exports: [core],
    };
  }
}
