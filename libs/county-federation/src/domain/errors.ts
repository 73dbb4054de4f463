import { DomainError, type LocalizedText } from '#identity-core';

/** `counties:add|update` input that cannot be a county (named fields in `details.problems`). */
export class CountyConfigInvalid extends DomainError {
  constructor(readonly problems: string[]) {
    super('county_config_invalid', `invalid county: ${problems.join('; ')}`, { problems });
  }
}

export class CountyNotFound extends DomainError {
  constructor(id: string) {
    super('county_not_found', `no county "${id}"`, { county: id });
  }
}

export class CountyExists extends DomainError {
  constructor(id: string) {
    super('county_exists', `county "${id}" already exists`, { county: id });
  }
}

/** The link to remove is not the account's. */
export class CountyLinkNotFound extends DomainError {
  constructor() {
    super('county_link_not_found', 'no such county link for this account');
  }
}

/** For pages: why a county sign-in ended, in the person's words. */
export type CountyFailureKind = 'unavailable' | 'invalid' | 'denied' | 'expired';

export interface CountyFailure {
  county: string;
  label: LocalizedText;
  kind: CountyFailureKind;
}

/** Why proving one's identity through a county (on /activate or /apply) did not work. */
export type CountyProofFailureKind =
  | CountyFailureKind
  /** The county is unknown, disabled, or not trusted to vouch for national IDs. */
  | 'untrusted'
  /** The answer came to another browser than the one that began, or its proof is gone. */
  | 'mismatch'
  /** The county answered without a usable national ID. */
  | 'no_national_id';

/** A county identity proof that failed; nothing was linked. `countyName` when the county is known. */
export class CountyProofFailed extends DomainError {
  constructor(
    readonly kind: CountyProofFailureKind,
    readonly countyName: string | null,
  ) {
    super('county_proof_failed', `county identity proof failed: ${kind}`, { kind });
  }
}
