import { DomainError } from '#identity-core';

/** No authenticator-app enrolment is waiting for its confirmation (none begun, or it expired). */
export class TotpEnrolmentMissing extends DomainError {
  constructor() {
    super('totp_enrolment_missing', 'no authenticator app enrolment is waiting to be confirmed');
  }
}

/** The code typed to confirm an enrolment is not the app's current one. */
export class TotpCodeWrong extends DomainError {
  constructor() {
    super('totp_code_wrong', 'the code does not match the authenticator app');
  }
}

/** SMS sign-in codes need a verified mobile number on the account. */
export class MobileNotVerified extends DomainError {
  constructor() {
    super('mobile_not_verified', 'the account has no verified mobile number');
  }
}

/** The sign-in method is not enrolled on this account (remove what is not there). */
export class FactorNotEnrolled extends DomainError {
  constructor(readonly factor: string) {
    super('factor_not_enrolled', `${factor} is not enrolled`, { factor });
  }
}
