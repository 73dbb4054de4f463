import { defineCatalogue } from '#web';

/** The help pages' frame (the topics' text is in help/help-topics.ts). */
export const helpMessages = defineCatalogue({
  'zh-TW': {
    'help.title': '登入說明與常見問題',
    'help.lead': '請選擇您登入的方式，查看登入步驟與登入失敗時的處理方法。',
    'help.how': '如何登入',
    'help.fails': '登入失敗怎麼辦',
    'help.contact': '仍無法解決？請聯絡客服',
    'help.contactLead': '請告訴客服您的帳號（不要告訴任何人密碼或驗證碼），以及錯誤頁上的請求編號與時間。',
    'help.phone': '客服專線',
    'help.email': '客服信箱',
    'help.index': '所有登入說明',
  },
  en: {
    'help.title': 'Help with signing in',
    'help.lead': 'Choose how you sign in to see the steps, and what to do when it does not work.',
    'help.how': 'How to sign in',
    'help.fails': 'When it does not work',
    'help.contact': 'Still stuck? Contact the helpdesk',
    'help.contactLead':
      'Tell the helpdesk your account name (never your password or a code), and the request id and time shown on the error page.',
    'help.phone': 'Helpdesk phone',
    'help.email': 'Helpdesk email',
    'help.index': 'All help topics',
  },
});
