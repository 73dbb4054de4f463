import { createTranslator, webMessages } from '#web';
import { accountMessages } from './account.messages.js';
import { actionMessages } from './action.messages.js';
import { adminMessages } from './admin.messages.js';
import { clientMessages } from './client.messages.js';
import { countyMessages } from './county.messages.js';
import { notificationMessages } from './notification.messages.js';
import { schoolMessages } from './school.messages.js';

/** The portal's messages: the kit's (layout) and its own, in zh-TW and English. */
export const { t, has } = createTranslator(
  webMessages,
  adminMessages,
  accountMessages,
  actionMessages,
  notificationMessages,
  clientMessages,
  countyMessages,
  schoolMessages,
);
