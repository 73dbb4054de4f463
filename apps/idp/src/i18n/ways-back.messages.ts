import { defineCatalogue } from '#web';

/**
 * The ends of the self-service flows (activation, application): where to go next, so no page is a
 * dead end; and contacts an approved applicant already verified. Apart from the flows' own
 * catalogues so their wording can change independently.
 */
export const waysBackMessages = defineCatalogue({
  'zh-TW': {
    'back.continue': '返回登入，繼續使用服務',
    'back.signIn': '立即登入',
    'back.toLogin': '返回登入',
    'contact.alreadyVerified': '✓ 已驗證（不需再輸入驗證碼；若更改，將寄送驗證碼到新的聯絡方式）',
    'contact.verifiedNote': '這些聯絡方式已在申請時驗證過，確認無誤即可完成啟用。',
    'contact.continue': '確認並完成啟用',
  },
  en: {
    'back.continue': 'Back to sign-in, to continue to the service',
    'back.signIn': 'Sign in now',
    'back.toLogin': 'Back to sign-in',
    'contact.alreadyVerified': '✓ Verified (no code needed; if you change it, we send a code to the new one)',
    'contact.verifiedNote': 'These were verified when you applied: check them and finish.',
    'contact.continue': 'Confirm and finish',
  },
});
