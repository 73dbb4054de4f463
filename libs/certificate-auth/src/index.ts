export { CertificateAuthModule } from './certificate-auth.module.js';
export {
  CERTIFICATE_AUTH_OPTIONS,
  type CardOptions,
  type CertificateAuthOptions,
  type MobileOptions,
} from './certificate-auth.options.js';
export { CertificateBindingEntity } from './bindings/certificate-binding.entity.js';
export { CertificateBindingRepository } from './bindings/certificate-binding.repository.js';
export { CARD_METHOD, CardSignInMethod } from './card/card.sign-in-method.js';
export { MOBILE_METHOD, MobileSignInMethod } from './mobile/mobile.sign-in-method.js';
export { RevocationFetcher, HttpRevocationFetcher } from './x509/revocation.fetcher.js';
export { TwFidoClient, HttpTwFidoClient } from './mobile/tw-fido.client.js';
export { fidoChecksum, verifyFidoChecksum, hashedIdNum } from './mobile/fido-checksum.js';
export { idDigitsExtension, idDigitsOf, ID_DIGITS_ATTRIBUTE } from './x509/id-digits.js';
export { CARD_SN_ATTRIBUTE } from './x509/cms-signature.js';
export { useNodeCrypto } from './x509/node-crypto.js';
