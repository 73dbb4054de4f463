// The web kit: what every app that renders pages shares (see README.md). Apps only: libs never render pages.
export { WebModule } from './web.module.js';
export { WEB_OPTIONS, type WebOptions } from './web.options.js';

export { escapeHtml, html, raw, safeImageUrl, safeUrl, SafeHtml } from './html/html.js';

export {
  DEFAULT_LOCALE,
  LOCALES,
  htmlLang,
  localeSwitchHref,
  otherLocale,
  pickLocale,
  type Locale,
} from './i18n/locale.js';
export {
  createTranslator,
  defineCatalogue,
  type Catalogue,
  type CatalogueKey,
  type MessageParams,
  type Messages,
  type Translator,
} from './i18n/catalogue.js';
export { webMessages } from './i18n/web.messages.js';

export {
  HELPDESK_EMAIL,
  HELPDESK_PHONES,
  layout,
  linkHelpPage,
  STYLESHEET_HREF,
  STYLESHEETS,
  type LayoutModel,
} from './pages/layout.js';
export {
  csrfField,
  errorSummary,
  fieldError,
  fieldMessages,
  formLayout,
  hiddenFields,
  inputField,
  linkList,
  notice,
  stepLine,
  type FormError,
  type InputSpec,
} from './pages/form-fields.js';
export { messagePage, type MessagePageModel } from './pages/message.page.js';
export {
  PAGE_CSP,
  pageCsp,
  pagePolicy,
  renderPage,
  STRICT_PAGE,
  type Page,
  type PagePolicy,
  type PagePolicyDeclaration,
  type ScriptAsset,
} from './pages/page-policy.js';
export { appAssets, assetHandlers, AssetDir, ASSETS_PATH, findInRepo, webAssets } from './assets/assets.js';

export { cookiePolicy, readCookie, WebCookies, type CookiePolicy } from './http/cookies.js';
export { CsrfService } from './http/csrf.js';
export { requestLocale } from './http/request-locale.js';
export { sendPage } from './http/send-page.js';
