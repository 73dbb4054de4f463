import { defineCatalogue } from '#web';

/** 申請教育雲端帳號 (libs/activation). */
export const applyMessages = defineCatalogue({
  'zh-TW': {
    'apply.title': '申請教育雲端帳號',
    'apply.intro':
      '沒有學校為您建立帳號（例如終身學習者）時，可在此申請。請填寫下列資料並驗證電子郵件與手機號碼；客服審核通過後，會以電子郵件寄送啟用碼。',
    'apply.name': '姓名',
    'apply.nameHint': '與身分證件相同',
    'apply.nameFormat': '姓名含有不允許的字元。',
    'apply.emailHint': '審核結果與啟用碼將寄到此信箱',
    'apply.phoneHint': '09 開頭的 10 位數字，例：0912345678',
    'apply.submit': '下一步：驗證電子郵件與手機',
    'apply.expired': '申請流程已逾時或已結束，請重新填寫。',
    'apply.doneTitle': '已收到您的申請',
    'apply.done':
      '我們已收到您的申請，審核結果將以電子郵件通知您。審核通過後，請以郵件中的啟用碼至「啟用教育雲端帳號」完成啟用。',
    'apply.hasCode': '已經有啟用碼？',
    'apply.activateLink': '啟用教育雲端帳號',
  },
  en: {
    'apply.title': 'Apply for an Education Cloud account',
    'apply.intro':
      'If no school has created an account for you (for example as a lifelong learner), apply here. Fill in the form and verify your email address and mobile number; once the helpdesk approves, we email you an activation code.',
    'apply.name': 'Full name',
    'apply.nameHint': 'As on your identity document',
    'apply.nameFormat': 'The name contains characters that are not allowed.',
    'apply.emailHint': 'The decision and the activation code are sent here',
    'apply.phoneHint': '10 digits starting with 09, e.g. 0912345678',
    'apply.submit': 'Continue: verify email and mobile',
    'apply.expired': 'The application timed out or has finished. Please fill in the form again.',
    'apply.doneTitle': 'Application received',
    'apply.done':
      'We have received your application and will email you the decision. Once approved, use the activation code from the email on "Activate your Education Cloud account".',
    'apply.hasCode': 'Already have an activation code?',
    'apply.activateLink': 'Activate your Education Cloud account',
  },
});
