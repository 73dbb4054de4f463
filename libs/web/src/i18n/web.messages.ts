import { createTranslator, defineCatalogue } from './catalogue.js';

/** The kit's own texts: the layout around every page and the form building blocks. */
export const webMessages = defineCatalogue({
  'zh-TW': {
    'service.name': '教育體系單一簽入服務',
    'service.account': '教育雲端帳號',
    'layout.skipToMain': '跳到主要內容',
    'layout.switchLocale': 'English',
    'layout.helpdesk': '客服專線',
    'layout.helpdeskEmail': '客服信箱',
    'layout.help': '登入說明與常見問題',
    'layout.fraudNotice': '防詐騙提醒：教育部及教育雲端帳號服務人員不會向您索取密碼或驗證碼。',
    'layout.errorTitlePrefix': '錯誤：',
    'form.errorPrefix': '錯誤：',
    'form.otherOptions': '其他選項',
    'form.stepOf': '步驟 {n}／{total}',
  },
  en: {
    'service.name': 'Education Single Sign-On Service',
    'service.account': 'Education Cloud Account',
    'layout.skipToMain': 'Skip to main content',
    'layout.switchLocale': '中文',
    'layout.helpdesk': 'Helpdesk',
    'layout.helpdeskEmail': 'Helpdesk email',
    'layout.help': 'Help with signing in',
    'layout.fraudNotice':
      'Beware of fraud: the Ministry of Education and Education Cloud Account staff will never ask for your password or verification code.',
    'layout.errorTitlePrefix': 'Error: ',
    'form.errorPrefix': 'Error: ',
    'form.otherOptions': 'Other options',
    'form.stepOf': 'Step {n} of {total}',
  },
});

/** The kit's translator, for its own components only; apps merge `webMessages` into theirs. */
export const { t: webText } = createTranslator(webMessages);
