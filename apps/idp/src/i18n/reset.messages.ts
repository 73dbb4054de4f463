import { defineCatalogue } from '#web';

/** Setting the new password after a reset link or code (libs/password-reset). */
export const resetMessages = defineCatalogue({
  'zh-TW': {
    'reset.title': '設定新密碼',
    'reset.intro': '請為帳號 {username} 設定新密碼。完成後，此帳號在所有裝置與應用程式的登入都會登出。',
    'reset.username': '帳號',
    'reset.password': '新密碼',
    'reset.passwordHint':
      '至少 {min} 個字元，建議使用數個詞組成的長密碼，可使用中文與空白；不可使用常見密碼，也不可包含帳號、姓名、身分證號或生日。',
    'reset.confirm': '再次輸入新密碼',
    'reset.submit': '設定新密碼',
    'reset.error.passwordRequired': '請輸入新密碼。',
    'reset.error.confirmRequired': '請再次輸入新密碼。',
    'reset.error.mismatch': '兩次輸入的新密碼不一致。',
    'reset.error.tooShort': '密碼至少需要 {min} 個字元。',
    'reset.error.tooLong': '密碼最多 {max} 個字元。',
    'reset.error.common': '此密碼太常見，容易被猜中，請改用其他密碼。',
    'reset.error.context': '密碼不可包含您的帳號、姓名、身分證號或生日。',
    'reset.link.invalidTitle': '連結無效',
    'reset.link.invalid': '此重設密碼連結無效。請確認開啟的是信中完整的連結，或重新申請。',
    'reset.link.expiredTitle': '連結已過期',
    'reset.link.expired': '此重設密碼連結或頁面已過期，請重新申請。',
    'reset.link.usedTitle': '連結已失效',
    'reset.link.used': '此重設密碼連結已使用過，或已有較新的連結。請使用最新的一封信，或重新申請。',
    'reset.secondFactorTitle': '需要第二道驗證',
    'reset.secondFactor': '此帳號已設定第二道驗證，目前無法在此重設密碼，請聯絡客服協助。',
    'reset.restart': '重新申請重設密碼',
    'reset.backToLogin': '返回登入',
    'reset.done.title': '密碼已重設',
    'reset.done.message':
      '新密碼已生效。為了安全，此帳號在所有裝置與應用程式的登入都已登出，請以新密碼重新登入。',
    'reset.done.next': '請回到學校或學習服務的網站，點選「以教育雲端帳號登入」。',
  },
  en: {
    'reset.title': 'Choose a new password',
    'reset.intro':
      'Choose a new password for {username}. Afterwards this account is signed out on every device and application.',
    'reset.username': 'Username',
    'reset.password': 'New password',
    'reset.passwordHint':
      'At least {min} characters; a long phrase of several words is best, and spaces and Chinese are fine. Common passwords and your username, name, ID number or date of birth are not allowed.',
    'reset.confirm': 'New password again',
    'reset.submit': 'Set new password',
    'reset.error.passwordRequired': 'Enter a new password.',
    'reset.error.confirmRequired': 'Enter the new password again.',
    'reset.error.mismatch': 'The two passwords are not the same.',
    'reset.error.tooShort': 'The password needs at least {min} characters.',
    'reset.error.tooLong': 'The password can have at most {max} characters.',
    'reset.error.common': 'This password is too common and easy to guess. Please choose another.',
    'reset.error.context': 'The password must not contain your username, name, ID number or date of birth.',
    'reset.link.invalidTitle': 'Invalid link',
    'reset.link.invalid':
      'This password reset link is not valid. Make sure you opened the whole link from the email, or ask again.',
    'reset.link.expiredTitle': 'Link expired',
    'reset.link.expired': 'This password reset link or page has expired. Please ask again.',
    'reset.link.usedTitle': 'Link no longer valid',
    'reset.link.used':
      'This password reset link has been used already, or a newer one was sent. Use the newest email, or ask again.',
    'reset.secondFactorTitle': 'Second factor required',
    'reset.secondFactor':
      'This account has a second sign-in factor, so its password cannot be reset here yet. Please contact the helpdesk.',
    'reset.restart': 'Reset your password again',
    'reset.backToLogin': 'Back to sign-in',
    'reset.done.title': 'Password reset',
    'reset.done.message':
      'Your new password works now. For your safety this account has been signed out on every device and application: sign in again with the new password.',
    'reset.done.next':
      'Go back to your school’s or learning service’s website and choose “Sign in with Education Cloud account”.',
  },
});
