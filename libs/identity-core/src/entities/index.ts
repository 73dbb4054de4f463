import { AccountEntity } from './account.entity.js';
import { AffiliationEntity } from './affiliation.entity.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { SchoolEntity } from './school.entity.js';

export { AccountEntity, AffiliationEntity, AuditEventEntity, SchoolEntity };
export const IDENTITY_CORE_ENTITIES = [AccountEntity, AffiliationEntity, AuditEventEntity, SchoolEntity];
