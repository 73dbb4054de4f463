import { createTranslator, webMessages } from '#web';
import { adminMessages } from './admin.messages.js';

/** The portal's messages: the kit's (layout) and its own, in zh-TW and English. */
export const { t } = createTranslator(webMessages, adminMessages);
