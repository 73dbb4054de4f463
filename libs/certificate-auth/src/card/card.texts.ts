import type { LocalizedText } from '#identity-core';
import type { CertificateProblem } from '../x509/certificate-problem.js';

/** What the card page says about each refusal (zh-TW first); the audit trail has the code. */
export const CARD_PROBLEM_TEXT: Record<
  | CertificateProblem
  | 'not_for_account'
  | 'id_invalid'
  | 'incomplete'
  | 'unavailable'
  | 'card_pin_wrong'
  | 'card_locked',
  LocalizedText
> = {
  malformed: {
    'zh-TW': '收到的簽章或憑證格式不正確，請重新操作。',
    en: 'The signature or certificate received is malformed. Please try again.',
  },
  bad_signature: {
    'zh-TW': '簽章驗證失敗，請重新操作。',
    en: 'The signature could not be verified. Please try again.',
  },
  nonce_used: {
    'zh-TW': '這個簽章已經使用過或已逾時，請重新操作。',
    en: 'This signature was already used or has expired. Please try again.',
  },
  nonce_other: {
    'zh-TW': '簽章內容不是本次登入的驗證碼，請重新操作。',
    en: 'The signature is not over this sign-in’s challenge. Please try again.',
  },
  card_mismatch: {
    'zh-TW': '簽章的卡片與送出的卡號不符。',
    en: 'The signing card does not match the card number sent.',
  },
  untrusted: {
    'zh-TW': '此憑證不是由受信任的憑證機構（內政部憑證管理中心）簽發。',
    en: 'This certificate was not issued by a trusted certification authority (MOICA).',
  },
  expired: {
    'zh-TW': '此憑證已過期，請至戶政事務所辦理展期或換發。',
    en: 'This certificate has expired. Renew it at a household registration office.',
  },
  not_yet_valid: { 'zh-TW': '此憑證尚未生效。', en: 'This certificate is not valid yet.' },
  key_usage: {
    'zh-TW': '此憑證不能用於數位簽章，請使用自然人憑證的簽章憑證。',
    en: 'This certificate is not for digital signatures; use the signing certificate of the card.',
  },
  revoked: {
    'zh-TW': '此憑證已被廢止，無法登入。',
    en: 'This certificate has been revoked and cannot be used to sign in.',
  },
  revocation_unknown: {
    'zh-TW': '目前無法確認憑證是否被廢止，請稍後再試。',
    en: 'The certificate’s revocation status cannot be checked right now. Please try again later.',
  },
  id_mismatch: {
    'zh-TW': '憑證上的身分證字號末四碼與您輸入的不符。',
    en: 'The last four digits of the ID number in the certificate do not match the ID number you entered.',
  },
  not_for_account: {
    'zh-TW': '無法以此憑證登入此身分證字號的帳號。若您已換發新卡或尚未啟用帳號，請先以帳號密碼登入或洽客服。',
    en: 'This certificate cannot sign in to an account with this ID number. If you renewed your card or have not activated your account, sign in with your password first or contact the helpdesk.',
  },
  card_pin_wrong: {
    'zh-TW': 'PIN碼錯誤，請重新輸入（連續錯誤 3 次卡片會鎖住）。',
    en: 'Wrong PIN. Try again (3 wrong PINs lock the card).',
  },
  card_locked: {
    'zh-TW': 'PIN碼連續錯誤，卡片已鎖住。請至戶政事務所或以內政部憑證管理中心網站的工具解鎖。',
    en: 'The card is locked after too many wrong PINs. Unlock it at a household registration office or with the MOICA tools.',
  },
  id_invalid: {
    'zh-TW': '請輸入正確的身分證字號或居留證號。',
    en: 'Enter a valid national ID or resident certificate number.',
  },
  incomplete: {
    'zh-TW': '沒有收到卡片的簽章。請確認已安裝並啟動跨平台網頁元件、插入自然人憑證，再按「送出」。',
    en: 'No signature from the card was received. Make sure the HiPKI component is installed and running and the card is inserted, then press Submit.',
  },
  unavailable: {
    'zh-TW': '系統暫時無法完成驗證，請稍後再試。',
    en: 'The sign-in cannot be completed right now. Please try again later.',
  },
};

export const TOO_MANY: LocalizedText = {
  'zh-TW': '嘗試次數過多，請稍後再試。',
  en: 'Too many attempts. Please try again later.',
};
