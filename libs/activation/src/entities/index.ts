import { AccountApplicationEntity } from './account-application.entity.js';
import { ActivationCodeEntity } from './activation-code.entity.js';

export { AccountApplicationEntity, ActivationCodeEntity };
export type { ApplicationStatus } from './account-application.entity.js';
export const ACTIVATION_ENTITIES = [ActivationCodeEntity, AccountApplicationEntity];
