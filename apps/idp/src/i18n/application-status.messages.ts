import { defineCatalogue } from '#web';

/** 申請編號 and 查詢申請進度 (libs/activation, CheckApplicationStatusUseCase). */
export const applicationStatusMessages = defineCatalogue({
  'zh-TW': {
    'status.title': '查詢申請進度',
    'status.intro': '請輸入申請時收到的申請編號（也在「已收到您的申請」通知信中）與您的出生日期。',
    'status.reference': '申請編號',
    'status.referenceHint': '8 個英文字母或數字，例：ABCD-EFGH',
    'status.referenceRequired': '請輸入申請編號。',
    'status.referenceFormat': '申請編號應為 8 個英文字母或數字，例：ABCD-EFGH。',
    'status.submit': '查詢',
    'status.notFound': '查無符合的申請。請確認申請編號與出生日期是否正確；如仍有疑問，請聯絡客服。',
    'status.rateLimited': '查詢次數過多，請於 {minutes} 分鐘後再試。',
    'status.resultTitle': '申請 {reference} 的進度',
    'status.submittedAt': '申請日期：{date}',
    'status.pending': '審核中。審核完成後，我們會以電子郵件通知您。',
    'status.approved': '已核准（{date}）。啟用碼已寄到您的電子郵件，請至「啟用教育雲端帳號」完成啟用。',
    'status.rejected': '未通過（{date}）。原因已寄到您的電子郵件；如有疑問，請聯絡客服。',
    'status.activate': '啟用教育雲端帳號',
    'status.yourReference': '您的申請編號：{reference}',
    'status.keepReference': '請記下申請編號，之後可用它與出生日期查詢審核進度。',
    'status.check': '查詢申請進度',
  },
  en: {
    'status.title': 'Check your application',
    'status.intro':
      'Enter the reference number you were given when you applied (it is also in the "application received" email) and your date of birth.',
    'status.reference': 'Reference number',
    'status.referenceHint': '8 letters or digits, e.g. ABCD-EFGH',
    'status.referenceRequired': 'Enter the reference number.',
    'status.referenceFormat': 'The reference number has 8 letters or digits, e.g. ABCD-EFGH.',
    'status.submit': 'Check',
    'status.notFound':
      'No application matches. Check the reference number and date of birth; if it still does not work, contact the helpdesk.',
    'status.rateLimited': 'Too many look-ups. Please try again in {minutes} minutes.',
    'status.resultTitle': 'Application {reference}',
    'status.submittedAt': 'Submitted: {date}',
    'status.pending': 'Being reviewed. We will email you once it has been decided.',
    'status.approved':
      'Approved ({date}). Your activation code was emailed to you: use it on "Activate your Education Cloud account".',
    'status.rejected':
      'Not approved ({date}). The reason was emailed to you; contact the helpdesk with any questions.',
    'status.activate': 'Activate your Education Cloud account',
    'status.yourReference': 'Your reference number: {reference}',
    'status.keepReference':
      'Keep it: with it and your date of birth you can check how your application is doing.',
    'status.check': 'Check your application',
  },
});
