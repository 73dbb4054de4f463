import { defineCatalogue } from '#web';

/** 啟用教育雲端帳號 (libs/activation); activation.form.* is shared with the application pages. */
export const activationMessages = defineCatalogue({
  'zh-TW': {
    'activation.form.summaryTitle': '請修正下列問題',
    'activation.form.required': '請輸入{field}。',
    'activation.form.tooLong': '{field}過長，最多 {max} 個字元。',
    'activation.form.csrf': '此表單已失效（可能停留太久，或瀏覽器未允許 Cookie），請再送出一次。',
    'activation.form.rateLimitedWait': '嘗試次數過多，請於 {minutes} 分鐘後再試。',
    'activation.form.rateLimited': '嘗試次數過多，請稍後再試。',
    'activation.form.next': '下一步',
    'activation.form.nationalId': '身分證字號',
    'activation.form.nationalIdHint': '或居留證號，例：A123456789',
    'activation.form.nationalIdFormat': '身分證字號格式不正確，應為 1 個英文字母加 9 個數字（或居留證號）。',
    'activation.form.nationalIdChecksum': '身分證字號的檢查碼不正確，請確認是否輸入錯誤。',
    'activation.form.birthDate': '出生日期',
    'activation.form.birthDateHint': '西元 2011-05-12 或民國 100/05/12',
    'activation.form.birthDateFormat': '出生日期格式不正確，請輸入如 2011-05-12 或民國 100/05/12。',
    'activation.form.birthDateInvalid': '出生日期不是有效的日期。',
    'activation.form.birthDateRange': '出生日期須在 1900 年以後，且不晚於今天。',
    'activation.title': '啟用教育雲端帳號',
    'activation.intro':
      '學校為您建立帳號，或您的帳號申請已核准後，請輸入身分證字號、出生日期與啟用碼（學校提供，或在核准通知信中），再設定帳號、密碼與聯絡方式。',
    'activation.code': '啟用碼',
    'activation.codeHint': '學校提供或核准通知信中的 10 碼英文字母與數字，例：ABCDE-FGH23（不分大小寫）',
    'activation.codeFormat': '啟用碼應為 10 個英文字母或數字。',
    'activation.failed':
      '身分證字號、出生日期或啟用碼不正確，或啟用碼已使用、已失效。請確認後再試；啟用碼遺失或逾期時，請向學校索取新的啟用碼。',
    'activation.expired': '啟用流程已逾時或已結束，請重新開始。',
    'activation.noCode': '沒有學校提供的啟用碼？',
    'activation.applyLink': '申請教育雲端帳號',
    'activation.accountTitle': '設定帳號與密碼',
    'activation.greeting': '{name} 您好，請設定登入用的帳號與密碼。',
    'activation.username': '帳號',
    'activation.usernameHint':
      '4 至 32 個字元，以小寫英文字母開頭，可用小寫英文字母、數字及 . _ -。您的帳號將是「帳號@mail.edu.tw」，設定後無法變更。',
    'activation.usernameFormat':
      '帳號不符規則：4 至 32 個字元，以小寫英文字母開頭、字母或數字結尾，只能使用小寫英文字母、數字及 . _ -。',
    'activation.usernameReserved': '此帳號為系統保留名稱，請改用其他帳號。',
    'activation.usernameTaken': '此帳號已有人使用，請改用其他帳號。',
    'activation.password': '密碼',
    'activation.passwordHint':
      '至少 {min} 個字元，建議使用數個詞組成的長密碼；不可使用常見密碼，也不可包含帳號、姓名、身分證字號或生日。',
    'activation.passwordConfirm': '再次輸入密碼',
    'activation.passwordTooShort': '密碼至少需要 {min} 個字元。',
    'activation.passwordTooLong': '密碼最多 {max} 個字元。',
    'activation.passwordCommon': '此密碼太常見，容易被猜中，請改用其他密碼。',
    'activation.passwordContext': '密碼不可包含您的帳號、姓名、身分證字號或生日。',
    'activation.passwordMismatch': '兩次輸入的密碼不一致。',
    'activation.contactTitle': '登錄聯絡方式',
    'activation.contactIntro':
      '請登錄電子郵件或手機號碼（至少一項，兩項都登錄更好），忘記密碼時可用來重設。我們會寄送驗證碼確認。',
    'activation.doneTitle': '帳號已啟用',
    'activation.done': '您的教育雲端帳號已啟用，現在可以登入了。',
    'activation.doneUsername': '您的帳號：{username}',
    'activation.doneNext': '請回到學校或學習服務的網站，點選「以教育雲端帳號登入」，並以此帳號與密碼登入。',
    'activation.restart': '重新開始',
  },
  en: {
    'activation.form.summaryTitle': 'Please correct the following',
    'activation.form.required': '{field} is required.',
    'activation.form.tooLong': '{field} is too long: at most {max} characters.',
    'activation.form.csrf':
      'This form has expired (it was open for long, or the browser does not allow cookies). Please submit it again.',
    'activation.form.rateLimitedWait': 'Too many attempts. Try again in {minutes} minutes.',
    'activation.form.rateLimited': 'Too many attempts. Please try again later.',
    'activation.form.next': 'Continue',
    'activation.form.nationalId': 'National ID number',
    'activation.form.nationalIdHint': 'Or resident certificate number, e.g. A123456789',
    'activation.form.nationalIdFormat':
      'The national ID number must be one letter followed by 9 digits (or a resident certificate number).',
    'activation.form.nationalIdChecksum':
      'The check digit of the national ID number is wrong. Check for typos.',
    'activation.form.birthDate': 'Date of birth',
    'activation.form.birthDateHint': 'e.g. 2011-05-12, or ROC 100/05/12',
    'activation.form.birthDateFormat': 'Enter the date of birth like 2011-05-12 or ROC 100/05/12.',
    'activation.form.birthDateInvalid': 'The date of birth is not a valid date.',
    'activation.form.birthDateRange': 'The date of birth must be after 1900 and not in the future.',
    'activation.title': 'Activate your Education Cloud account',
    'activation.intro':
      'Once your school has created your account, or your application was approved, enter your national ID number, date of birth and the activation code (from your school, or in the approval email), then choose your account name, password and contact details.',
    'activation.code': 'Activation code',
    'activation.codeHint':
      '10 letters and digits, from your school or the approval email, e.g. ABCDE-FGH23 (not case-sensitive)',
    'activation.codeFormat': 'The activation code has 10 letters or digits.',
    'activation.failed':
      'The national ID number, date of birth or activation code is not correct, or the code was already used or has expired. Check and try again; if the code is lost or expired, ask your school for a new one.',
    'activation.expired': 'The activation timed out or has finished. Please start again.',
    'activation.noCode': 'No activation code from a school?',
    'activation.applyLink': 'Apply for an Education Cloud account',
    'activation.accountTitle': 'Choose account name and password',
    'activation.greeting': 'Hello {name}, choose the account name and password you will sign in with.',
    'activation.username': 'Account name',
    'activation.usernameHint':
      '4 to 32 characters: starts with a lowercase letter; lowercase letters, digits and . _ - allowed. Your account will be "name@mail.edu.tw" and cannot be changed later.',
    'activation.usernameFormat':
      'The account name must have 4 to 32 characters, start with a lowercase letter, end with a letter or digit, and use only lowercase letters, digits and . _ -.',
    'activation.usernameReserved': 'This account name is reserved. Choose another one.',
    'activation.usernameTaken': 'This account name is taken. Choose another one.',
    'activation.password': 'Password',
    'activation.passwordHint':
      'At least {min} characters; a passphrase of several words is best. Common passwords and your account name, name, national ID or birthday are not allowed.',
    'activation.passwordConfirm': 'Password again',
    'activation.passwordTooShort': 'The password needs at least {min} characters.',
    'activation.passwordTooLong': 'The password can have at most {max} characters.',
    'activation.passwordCommon': 'This password is too common and easy to guess. Choose another one.',
    'activation.passwordContext':
      'The password must not contain your account name, name, national ID number or birthday.',
    'activation.passwordMismatch': 'The two passwords do not match.',
    'activation.contactTitle': 'Contact details',
    'activation.contactIntro':
      'Register an email address or mobile number (at least one, both is better) so that you can reset a forgotten password. We send a code to confirm each.',
    'activation.doneTitle': 'Account activated',
    'activation.done': 'Your Education Cloud account is active. You can sign in now.',
    'activation.doneUsername': 'Your account: {username}',
    'activation.doneNext':
      'Go back to your school’s or learning service’s site, choose "Sign in with Education Cloud account" and sign in with this account and your password.',
    'activation.restart': 'Start again',
  },
});
