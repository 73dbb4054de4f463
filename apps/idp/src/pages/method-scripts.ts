import { appAssets, pagePolicy, STRICT_PAGE, type PagePolicy } from '#web';
import { certificateConfig } from '../config/config.js';

const assets = appAssets('idp');

/**
 * The scripts sign-in methods may ask for (MethodView `script.name`), each with the policy its
 * page needs; a name not listed here runs nothing. The card page reads the HiPKI component's
 * status image through a canvas (img-src) and opens its /popupForm (COOP allows the popup to
 * talk back); it needs no connect-src: the component sends no CORS headers, so fetch() to it is
 * useless to a page anyway.
 */
const POLICIES: Record<string, PagePolicy> = assets
  ? {
      'certificate-login': pagePolicy({
        scripts: [assets.script('certificate-login.js')],
        images: [certificateConfig.hipkiUrl],
        popups: true,
      }),
      'fido-wait': pagePolicy({ scripts: [assets.script('fido-wait.js')] }),
    }
  : {};

export function methodPagePolicy(script: string | undefined): PagePolicy {
  return (script && POLICIES[script]) || STRICT_PAGE;
}
