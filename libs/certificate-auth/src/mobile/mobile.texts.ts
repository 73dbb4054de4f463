import type { LocalizedText } from '#identity-core';

export type MobileProblem =
  | 'id_invalid'
  | 'unavailable'
  | 'refused'
  | 'expired'
  | 'failed'
  | 'bad_checksum'
  | 'id_mismatch'
  | 'bad_signature'
  | 'not_for_account'
  | 'rate_limited';

/** What the mobile pages say about each refusal (zh-TW first); the audit trail has the code. */
export const MOBILE_PROBLEM_TEXT: Record<MobileProblem, LocalizedText> = {
  id_invalid: {
    'zh-TW': '請輸入正確的身分證字號或居留證號。',
    en: 'Enter a valid national ID or resident certificate number.',
  },
  unavailable: {
    'zh-TW': '行動自然人憑證服務暫時無法使用，請稍後再試，或改用其他方式登入。',
    en: 'The mobile citizen certificate service is unavailable right now. Try again later or use another way to sign in.',
  },
  refused: { 'zh-TW': '您已在手機上拒絕這次登入。', en: 'You declined this sign-in on your phone.' },
  expired: {
    'zh-TW': '等候手機確認已逾時，請重新操作。',
    en: 'The wait for your phone timed out. Please start again.',
  },
  failed: {
    'zh-TW': '行動自然人憑證驗證未完成，請重新操作。',
    en: 'The mobile certificate check did not complete. Please start again.',
  },
  bad_checksum: {
    'zh-TW': '行動自然人憑證服務的回應無法驗證，已拒絕這次登入。',
    en: 'The answer of the mobile certificate service could not be verified; this sign-in was refused.',
  },
  id_mismatch: {
    'zh-TW': '手機上確認的身分與您輸入的身分證字號不符。',
    en: 'The identity confirmed on the phone does not match the ID number you entered.',
  },
  bad_signature: {
    'zh-TW': '行動自然人憑證的簽章無法驗證，已拒絕這次登入。',
    en: 'The mobile certificate’s signature could not be verified; this sign-in was refused.',
  },
  not_for_account: {
    'zh-TW': '無法以此身分證字號登入。若您尚未啟用帳號，請先啟用或洽客服。',
    en: 'You cannot sign in with this ID number. If you have not activated your account, activate it first or contact the helpdesk.',
  },
  rate_limited: { 'zh-TW': '嘗試次數過多，請稍後再試。', en: 'Too many attempts. Please try again later.' },
};
