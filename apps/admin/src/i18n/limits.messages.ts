import { defineCatalogue } from '#web';

/** The portal's 429 page: how long to wait. */
export const limitMessages = defineCatalogue({
  'zh-TW': {
    'limit.wait': '請在 {minutes} 分鐘後再試。如果您並沒有這麼頻繁地操作，請通知系統管理員。',
  },
  en: {
    'limit.wait': 'Please try again in {minutes} minute(s). If you did not do this many, tell a superadmin.',
  },
});
