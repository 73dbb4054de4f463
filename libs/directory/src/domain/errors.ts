import { DomainError } from '#identity-core';

/** A CSV the importer cannot read at all (no header, missing columns); nothing was imported. */
export class ImportFileInvalid extends DomainError {
  constructor(line: number, message: string) {
    super('import_invalid', `line ${line}: ${message}`, { line });
  }
}

/**
 * A parent's link request that cannot be matched to a child of the school. One answer for every
 * reason (unknown national ID, wrong birth date, other school), so it reveals nobody's records.
 */
export class GuardianLinkRefused extends DomainError {
  constructor() {
    super('guardian_link_refused', 'the child could not be matched at this school');
  }
}
