import { defineCatalogue } from '#web';

/** Error pages: the engine's and ours (titles by OAuth error code), and an expired interaction. */
export const errorPageMessages = defineCatalogue({
  'zh-TW': {
    'errors.expiredTitle': '登入請求已失效',
    'errors.expired': '此登入請求已逾時或已完成。請回到原應用程式重新登入。',
    'errors.expiredOnward': '前往教育雲端帳號首頁（查看登入狀態）',
    'error.title.generic': '發生錯誤',
    'error.title.invalid_request': '請求內容有誤',
    'error.title.invalid_client': '無法識別的應用程式',
    'error.title.invalid_redirect_uri': '應用程式的返回網址未經註冊',
    'error.title.access_denied': '存取遭拒',
    'error.title.login_required': '需要登入',
    'error.title.payload_too_large': '送出的資料過大',
    'error.title.unsupported_media_type': '表單的格式不受支援',
    'error.title.server_error': '系統發生錯誤',
    'error.title.temporarily_unavailable': '服務暫時無法使用',
    'error.message':
      '請回到原應用程式重新操作；若問題持續發生，請聯絡客服並提供下列錯誤代碼、請求編號與時間。',
    'error.code': '錯誤代碼',
    'error.requestId': '請求編號',
    'error.time': '發生時間',
  },
  en: {
    'errors.expiredTitle': 'Sign-in request expired',
    'errors.expired':
      'This sign-in request timed out or was already completed. Go back to the application and sign in again.',
    'errors.expiredOnward': 'Go to the account home page (see whether you are signed in)',
    'error.title.generic': 'Something went wrong',
    'error.title.invalid_request': 'The request is invalid',
    'error.title.invalid_client': 'Unknown application',
    'error.title.invalid_redirect_uri': 'The application’s return address is not registered',
    'error.title.access_denied': 'Access denied',
    'error.title.login_required': 'Sign-in required',
    'error.title.payload_too_large': 'The submitted data is too large',
    'error.title.unsupported_media_type': 'The form was sent in an unsupported format',
    'error.title.server_error': 'A system error occurred',
    'error.title.temporarily_unavailable': 'Service temporarily unavailable',
    'error.message':
      'Please go back to the application and try again. If the problem persists, contact the helpdesk with the error code, request ID and time below.',
    'error.code': 'Error code',
    'error.requestId': 'Request ID',
    'error.time': 'Time',
  },
});
