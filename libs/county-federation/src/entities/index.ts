import { CountyLinkEntity } from './county-link.entity.js';
import { CountyProviderEntity } from './county-provider.entity.js';

export { CountyLinkEntity, CountyProviderEntity };
export type { CountyAuthMethod, CountyProviderKind } from './county-provider.entity.js';
export const COUNTY_ENTITIES = [CountyProviderEntity, CountyLinkEntity];
