export { PasswordResetModule } from './password-reset.module.js';
export {
  PASSWORD_RESET_OPTIONS,
  type PasswordResetOptions,
  type RateWindow,
} from './password-reset.options.js';
export { ResetChallengeEntity } from './challenges/reset-challenge.entity.js';
export {
  maskEmail,
  maskPhone,
  lookAlikeChannels,
  MASKED_EMAIL_PATTERN,
  MASKED_PHONE_PATTERN,
  type ResetChannelKind,
  type ResetChannelOption,
} from './domain/channel-mask.js';
export { parseResetIdentifier, MAX_IDENTIFIER, type IdentifierProblem } from './domain/reset-identifier.js';
export {
  ResetCodeUnusable,
  ResetCodeWrong,
  ResetFlowExpired,
  ResetLinkUnusable,
  ResetSecondFactorRequired,
  type ResetCodeProblem,
  type ResetLinkProblem,
} from './domain/reset-errors.js';
export { ResetSecondFactor, NoResetSecondFactor } from './second-factor/reset-second-factor.js';
export { ResetSecrets } from './secrets/reset-secrets.js';
export {
  FindResetChannelsUseCase,
  type ResetChoices,
} from './application/find-reset-channels/find-reset-channels.use-case.js';
export {
  SendResetUseCase,
  type SendResetCommand,
  type SentReset,
} from './application/send-reset/send-reset.use-case.js';
export {
  VerifyResetCodeUseCase,
  RESET_CODE_FACTOR,
} from './application/verify-reset-code/verify-reset-code.use-case.js';
export { CheckResetTicketUseCase } from './application/check-reset-ticket/check-reset-ticket.use-case.js';
export { CompleteResetUseCase } from './application/complete-reset/complete-reset.use-case.js';
export {
  RemindUsernameUseCase,
  type RemindUsernameCommand,
} from './application/remind-username/remind-username.use-case.js';
