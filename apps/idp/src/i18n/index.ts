import { createTranslator, webMessages, type CatalogueKey } from '#web';
import { accountMessages } from './account.messages.js';
import { accountSecurityMessages } from './account-security.messages.js';
import { activationMessages } from './activation.messages.js';
import { applyMessages } from './apply.messages.js';
import { consentMessages } from './consent.messages.js';
import { contactMessages } from './contact.messages.js';
import { countyMessages } from './county.messages.js';
import { countyPageMessages } from './county-pages.messages.js';
import { engineErrorMessages } from './engine-errors.messages.js';
import { errorPageMessages } from './error-page.messages.js';
import { forgotMessages } from './forgot.messages.js';
import { loginMessages } from './login.messages.js';
import { resetMessages } from './reset.messages.js';
import { sessionMessages } from './session.messages.js';

/** The idp's messages: the kit's (layout, forms) and one catalogue per feature, in zh-TW and English. */
const catalogues = [
  webMessages,
  loginMessages,
  sessionMessages,
  consentMessages,
  errorPageMessages,
  engineErrorMessages,
  activationMessages,
  contactMessages,
  applyMessages,
  forgotMessages,
  resetMessages,
  accountMessages,
  accountSecurityMessages,
  countyMessages,
  countyPageMessages,
] as const;

export type MessageKey = CatalogueKey<(typeof catalogues)[number]>;

const translator = createTranslator(...catalogues);

export const dictionaries = translator.dictionaries;
export const t = translator.t;
export const isMessageKey = translator.has;
