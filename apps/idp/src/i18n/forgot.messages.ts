import { defineCatalogue } from '#web';

/** 忘記教育雲端密碼 / 忘記教育雲端帳號 (libs/password-reset): finding the account and sending the link or code. */
export const forgotMessages = defineCatalogue({
  'zh-TW': {
    'forgot.loginLink': '忘記教育雲端密碼',
    'forgot.usernameLink': '忘記教育雲端帳號',
    'forgot.errorSummary': '請修正下列問題',
    'forgot.title': '忘記教育雲端密碼',
    'forgot.intro':
      '請輸入您的教育雲端帳號或身分證字號。我們會將重設密碼的連結或驗證碼，傳送到您已驗證的電子郵件或手機。',
    'forgot.identifier': '帳號或身分證字號',
    'forgot.identifierHint':
      '例：lin.student、lin.student@mail.edu.tw 或 A123456789（居留證號亦可）。帳號若與身分證號格式相同，請輸入「帳號@mail.edu.tw」。',
    'forgot.submit': '下一步',
    'forgot.error.identifierRequired': '請輸入帳號或身分證字號。',
    'forgot.error.identifierTooLong': '輸入的內容過長（最多 {max} 個字元），請輸入帳號或身分證字號。',
    'forgot.error.identifierFormat':
      '請輸入有效的帳號（例：lin.student 或 lin.student@mail.edu.tw）或身分證字號。',
    'forgot.error.nationalIdInvalid': '身分證字號（或居留證號）不正確，請確認是否輸入錯誤。',
    'forgot.error.rateLimited': '嘗試次數過多，請於 {minutes} 分鐘後再試。',
    'forgot.error.expired': '此頁面已逾時或已失效，請重新開始。',
    'forgot.error.csrf': '此表單已失效（可能停留太久，或瀏覽器未允許 Cookie），請再送出一次。',
    'forgot.error.channelRequired': '請選擇接收方式。',
    'forgot.choose.title': '選擇接收方式',
    'forgot.choose.intro': '請選擇要以哪一種方式接收重設密碼的連結或驗證碼：',
    'forgot.choose.email': '寄送重設連結到 {address}',
    'forgot.choose.sms': '傳送簡訊驗證碼到 {phone}',
    'forgot.choose.note':
      '為保護個人資料，本頁不會透露帳號是否存在；若輸入的帳號不存在，或未設定已驗證的聯絡方式，您將不會收到任何訊息。以上方式都無法使用時，請聯絡客服。',
    'forgot.choose.other': '改用其他帳號或身分證字號',
    'forgot.sent.title': '請查看您的電子郵件',
    'forgot.sent.email':
      '若帳號資料正確，重設密碼的連結已寄到 {address}。連結 {minutes} 分鐘內有效，且只能使用一次。',
    'forgot.sent.note': '沒有收到？請檢查垃圾郵件匣，或稍候幾分鐘再重新申請；重新申請後，先前的連結即失效。',
    'forgot.code.title': '輸入簡訊驗證碼',
    'forgot.code.intro': '若帳號資料正確，6 位數驗證碼已傳送到 {phone}，{minutes} 分鐘內有效。',
    'forgot.code.label': '簡訊驗證碼',
    'forgot.code.hint': '6 位數字',
    'forgot.code.submit': '確認',
    'forgot.code.resend': '重新傳送驗證碼',
    'forgot.code.note': '每個驗證碼最多可輸入 5 次；重新傳送後，先前的驗證碼即失效。',
    'forgot.error.codeRequired': '請輸入簡訊驗證碼。',
    'forgot.error.codeFormat': '驗證碼為 6 位數字。',
    'forgot.error.codeWrong': '驗證碼錯誤，此驗證碼還可再試 {remaining} 次。',
    'forgot.error.codeWrongLast': '驗證碼錯誤，此驗證碼已失效，請重新傳送驗證碼。',
    'forgot.error.codeExpired': '此驗證碼已過期或已失效，請重新傳送驗證碼。',
    'forgot.error.codeExhausted': '此驗證碼錯誤次數過多，已失效，請重新傳送驗證碼。',
    'forgot.error.codeThrottled': '驗證碼錯誤次數過多，請於 {minutes} 分鐘後再試。',
    'forgot.error.codeLocked': '驗證碼錯誤次數過多，已停止以簡訊重設密碼，請改用電子郵件或聯絡客服。',
    'forgot.username.title': '忘記教育雲端帳號',
    'forgot.username.intro':
      '請輸入身分證字號與出生日期。資料正確時，我們會將您的帳號傳送到已驗證的電子郵件與手機，不會顯示在此頁面。',
    'forgot.username.nationalId': '身分證字號',
    'forgot.username.nationalIdHint': '或居留證號，例：A123456789',
    'forgot.username.birthDate': '出生日期',
    'forgot.username.birthDateHint': '西元 1996-03-15 或民國 85/03/15',
    'forgot.username.submit': '送出',
    'forgot.username.sentTitle': '請查看您的電子郵件或手機',
    'forgot.username.sent':
      '若資料正確，您的帳號已傳送到此帳號已驗證的電子郵件與手機。若未收到，可能是資料不符或未設定已驗證的聯絡方式，請聯絡客服。',
    'forgot.error.nationalIdRequired': '請輸入身分證字號。',
    'forgot.error.nationalIdTooLong': '身分證字號過長，應為 10 個字元。',
    'forgot.error.birthDateRequired': '請輸入出生日期。',
    'forgot.error.birthDateFormat': '出生日期不正確，請輸入如 1996-03-15 或民國 85/03/15 的有效日期。',
  },
  en: {
    'forgot.loginLink': 'Forgot your password?',
    'forgot.usernameLink': 'Forgot your username?',
    'forgot.errorSummary': 'Please correct the following',
    'forgot.title': 'Forgot your Education Cloud password',
    'forgot.intro':
      'Enter your Education Cloud username or national ID number. We will send a link or a code to reset your password to your verified email or mobile phone.',
    'forgot.identifier': 'Username or national ID number',
    'forgot.identifierHint':
      'For example lin.student, lin.student@mail.edu.tw or A123456789 (resident certificate numbers work too). If your username looks like an ID number, enter username@mail.edu.tw.',
    'forgot.submit': 'Continue',
    'forgot.error.identifierRequired': 'Enter your username or national ID number.',
    'forgot.error.identifierTooLong':
      'That is too long (at most {max} characters). Enter your username or national ID number.',
    'forgot.error.identifierFormat':
      'Enter a valid username (such as lin.student or lin.student@mail.edu.tw) or national ID number.',
    'forgot.error.nationalIdInvalid':
      'That national ID (or resident certificate) number is not valid. Please check it.',
    'forgot.error.rateLimited': 'Too many attempts. Please try again in {minutes} minutes.',
    'forgot.error.expired': 'This page has expired or is no longer valid. Please start again.',
    'forgot.error.csrf':
      'This form is no longer valid (it may have been open too long, or cookies are blocked). Please submit it again.',
    'forgot.error.channelRequired': 'Choose where to send it.',
    'forgot.choose.title': 'Choose where to send it',
    'forgot.choose.intro': 'Where should we send the link or code to reset your password?',
    'forgot.choose.email': 'Email a reset link to {address}',
    'forgot.choose.sms': 'Text a code to {phone}',
    'forgot.choose.note':
      'To protect personal data, this page does not reveal whether an account exists; if it does not, or has no verified contact details, nothing will be sent. If none of these works for you, contact the helpdesk.',
    'forgot.choose.other': 'Use another username or ID number',
    'forgot.sent.title': 'Check your email',
    'forgot.sent.email':
      'If the account details are right, a link to reset your password has been sent to {address}. It works for {minutes} minutes, once.',
    'forgot.sent.note':
      'Nothing arrived? Check your spam folder, or wait a few minutes and ask again; asking again makes earlier links stop working.',
    'forgot.code.title': 'Enter the code from the text message',
    'forgot.code.intro':
      'If the account details are right, a 6-digit code has been sent to {phone}. It works for {minutes} minutes.',
    'forgot.code.label': 'Code from the text message',
    'forgot.code.hint': '6 digits',
    'forgot.code.submit': 'Confirm',
    'forgot.code.resend': 'Send a new code',
    'forgot.code.note': 'Each code can be tried 5 times; a new code makes the earlier one stop working.',
    'forgot.error.codeRequired': 'Enter the code from the text message.',
    'forgot.error.codeFormat': 'The code has 6 digits.',
    'forgot.error.codeWrong': 'That code is wrong. You can try this code {remaining} more times.',
    'forgot.error.codeWrongLast': 'That code is wrong and no longer works. Please send a new code.',
    'forgot.error.codeExpired': 'This code has expired or no longer works. Please send a new code.',
    'forgot.error.codeExhausted':
      'This code was entered wrongly too many times and no longer works. Please send a new code.',
    'forgot.error.codeThrottled': 'Too many wrong codes. Please try again in {minutes} minutes.',
    'forgot.error.codeLocked':
      'Too many wrong codes: resetting by text message has been stopped. Please use email or contact the helpdesk.',
    'forgot.username.title': 'Forgot your Education Cloud username',
    'forgot.username.intro':
      'Enter your national ID number and date of birth. If they match, we send your username to your verified email and mobile phone; it is never shown on this page.',
    'forgot.username.nationalId': 'National ID number',
    'forgot.username.nationalIdHint': 'Or resident certificate number, e.g. A123456789',
    'forgot.username.birthDate': 'Date of birth',
    'forgot.username.birthDateHint': 'For example 1996-03-15, or ROC year 85/03/15',
    'forgot.username.submit': 'Send',
    'forgot.username.sentTitle': 'Check your email or phone',
    'forgot.username.sent':
      'If the details are right, your username has been sent to the verified email and mobile phone of the account. If nothing arrives, the details may not match or there is no verified contact: please contact the helpdesk.',
    'forgot.error.nationalIdRequired': 'Enter your national ID number.',
    'forgot.error.nationalIdTooLong': 'That national ID number is too long; it has 10 characters.',
    'forgot.error.birthDateRequired': 'Enter your date of birth.',
    'forgot.error.birthDateFormat':
      'That date of birth is not valid. Enter a date such as 1996-03-15 or ROC year 85/03/15.',
  },
});
