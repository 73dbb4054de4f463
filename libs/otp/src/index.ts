export { OtpModule } from './otp.module.js';
export { OTP_OPTIONS, type OtpOptions } from './otp.options.js';
export { RecoveryCodeEntity, SmsEnrolmentEntity, TotpCredentialEntity } from './entities/index.js';
export {
  FactorNotEnrolled,
  MobileNotVerified,
  TotpCodeWrong,
  TotpEnrolmentMissing,
} from './domain/errors.js';
export { groupSecret, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './domain/totp.js';
export { maskMobile } from './domain/phone-mask.js';
export { RECOVERY_CODE_COUNT } from './domain/recovery-codes.js';
export { SecurityNotices, type FactorName } from './credentials/security-notices.js';
export { SMS_SIGN_IN_POLICY } from './sign-in/sms-sign-in-codes.js';
export type { HolderContext } from './application/actor.js';
export {
  StartTotpEnrolmentUseCase,
  type TotpEnrolment,
} from './application/start-totp-enrolment/start-totp-enrolment.use-case.js';
export { ConfirmTotpEnrolmentUseCase } from './application/confirm-totp-enrolment/confirm-totp-enrolment.use-case.js';
export { RemoveSecondFactorUseCase } from './application/remove-second-factor/remove-second-factor.use-case.js';
export { EnableSmsCodesUseCase } from './application/enable-sms-codes/enable-sms-codes.use-case.js';
export { RegenerateRecoveryCodesUseCase } from './application/regenerate-recovery-codes/regenerate-recovery-codes.use-case.js';
export {
  DescribeSecondFactorsUseCase,
  type SecondFactorsView,
} from './application/describe-second-factors/describe-second-factors.use-case.js';
export { ResetSecondFactorsUseCase } from './application/reset-second-factors/reset-second-factors.use-case.js';
