export { CountyFederationModule } from './county-federation.module.js';
export {
  COUNTY_FEDERATION_OPTIONS,
  type CountyFederationOptions,
  type ResolvedCountyFederationOptions,
} from './county-federation.options.js';
export {
  CountyConfigInvalid,
  CountyExists,
  CountyLinkNotFound,
  CountyNotFound,
  CountyProofFailed,
  type CountyProofFailureKind,
} from './domain/errors.js';
export {
  DEFAULT_CLAIMS_MAPPING,
  currentTerm,
  mapCountyClaims,
  parseClaimsMapping,
  type ClaimsMapping,
  type CountyProfile,
} from './domain/claims-mapping.js';
export { TAIWAN_COUNTIES, countyLabel, countyRank } from './domain/counties.js';
export {
  CountyLinkEntity,
  CountyProviderEntity,
  type CountyAuthMethod,
  type CountyProviderKind,
} from './entities/index.js';
export {
  CountyReturnStore,
  type CountyProofPurpose,
  type CountyReturnRoute,
} from './sign-in/county-return.store.js';
export {
  COUNTY_METHOD,
  COUNTY_STEPS,
  CountySignInMethod,
  countyAmr,
} from './sign-in/county.sign-in-method.js';
export { AddCountyUseCase } from './application/save-county/add-county.use-case.js';
export { UpdateCountyUseCase } from './application/save-county/update-county.use-case.js';
export type {
  AddCountyCommand,
  CountyView,
  UpdateCountyCommand,
} from './application/save-county/county.command.js';
export { ListCountiesUseCase } from './application/list-counties/list-counties.use-case.js';
export {
  ListCountyLinksUseCase,
  type CountyLinkView,
} from './application/county-links/list-county-links.use-case.js';
export {
  UnlinkCountyUseCase,
  type UnlinkCountyCommand,
} from './application/county-links/unlink-county.use-case.js';
export {
  ListProofCountiesUseCase,
  type ProofCounties,
} from './application/county-proof/list-proof-counties.use-case.js';
export { BeginCountyProofUseCase } from './application/county-proof/begin-county-proof.use-case.js';
export {
  CompleteCountyProofUseCase,
  type CountyLinkTicket,
  type CountyProof,
} from './application/county-proof/complete-county-proof.use-case.js';
export { LinkProvenCountyUseCase } from './application/county-proof/link-proven-county.use-case.js';
