import { createTranslator, webMessages } from '#web';
import { accountMessages } from './account.messages.js';
import { actionMessages } from './action.messages.js';
import { adminMessages } from './admin.messages.js';
import { applicationMessages } from './application.messages.js';
import { importMessages } from './import.messages.js';
import { auditMessages } from './audit.messages.js';
import { contactMessages } from './contact.messages.js';
import { dashboardMessages } from './dashboard.messages.js';
import { limitMessages } from './limits.messages.js';
import { staffMessages } from './staff.messages.js';
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
  applicationMessages,
  importMessages,
  auditMessages,
  dashboardMessages,
  staffMessages,
  limitMessages,
  contactMessages,
  notificationMessages,
  clientMessages,
  countyMessages,
  schoolMessages,
);
