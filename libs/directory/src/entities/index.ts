import { GuardianLinkEntity } from './guardian-link.entity.js';
import { SchoolProfileEntity } from './school-profile.entity.js';
import { TeachingAssignmentEntity } from './teaching-assignment.entity.js';

export { GuardianLinkEntity, SchoolProfileEntity, TeachingAssignmentEntity };
export type { GuardianLinkStatus } from './guardian-link.entity.js';

export const DIRECTORY_ENTITIES = [SchoolProfileEntity, TeachingAssignmentEntity, GuardianLinkEntity];
