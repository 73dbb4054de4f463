import { RecoveryCodeEntity } from './recovery-code.entity.js';
import { SmsEnrolmentEntity } from './sms-enrolment.entity.js';
import { TotpCredentialEntity } from './totp-credential.entity.js';

export { RecoveryCodeEntity, SmsEnrolmentEntity, TotpCredentialEntity };
export const OTP_ENTITIES = [TotpCredentialEntity, SmsEnrolmentEntity, RecoveryCodeEntity];
