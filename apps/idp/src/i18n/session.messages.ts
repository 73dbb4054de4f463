import { defineCatalogue } from '#web';

/** The issuer's own pages around a session: signed in, sign out, the home page. */
export const sessionMessages = defineCatalogue({
  'zh-TW': {
    'signedIn.title': '已登入',
    'signedIn.as': '您已登入為 {name}',
    'signedIn.username': '帳號：{username}',
    'signedIn.logout': '登出',
    'logout.title': '登出',
    'logout.confirm': '確定要登出嗎？',
    'logout.yes': '登出',
    'logout.cancel': '取消',
    'logout.doneTitle': '已登出',
    'logout.done': '您已登出教育體系單一簽入服務。使用公用電腦時，請關閉瀏覽器。',
    'home.title': '教育體系單一簽入服務',
    'home.signedOut': '您目前未登入。請從學校或政府的學習服務點選「以教育雲端帳號登入」。',
  },
  en: {
    'signedIn.title': 'Signed in',
    'signedIn.as': 'You are signed in as {name}',
    'signedIn.username': 'Account: {username}',
    'signedIn.logout': 'Sign out',
    'logout.title': 'Sign out',
    'logout.confirm': 'Do you want to sign out?',
    'logout.yes': 'Sign out',
    'logout.cancel': 'Cancel',
    'logout.doneTitle': 'Signed out',
    'logout.done':
      'You have signed out of the Education single sign-on service. On a shared computer, close the browser.',
    'home.title': 'Education single sign-on',
    'home.signedOut':
      'You are not signed in. Start from a school or government learning service and choose "Sign in with Education Cloud account".',
  },
});
