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
