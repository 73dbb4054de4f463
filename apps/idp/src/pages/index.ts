export { assetPath } from './assets.js';
export { escapeHtml, html, raw, safeImageUrl, safeUrl, SafeHtml } from './html.js';
export {
  HELPDESK_EMAIL,
  HELPDESK_PHONES,
  layout,
  PAGE_CSP,
  STYLESHEET_HREF,
  type LayoutModel,
} from './layout.js';
export {
  consentPage,
  errorPage,
  loginPage,
  logoutConfirmPage,
  messagePage,
  methodChoicePage,
  methodStepPage,
  signedInPage,
  type ConsentPageModel,
  type ErrorPageModel,
  type LoginError,
  type LoginField,
  type LoginPageModel,
  type LogoutConfirmPageModel,
  type MessagePageModel,
  type MethodChoicePageModel,
  type MethodLink,
  type MethodStepPageModel,
  type SignedInPageModel,
} from './login.page.js';
