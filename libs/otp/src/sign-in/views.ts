import type { LocalizedText, MethodField, MethodView } from '#identity-core';

/** How a code reaches the holder at 一次性密碼登入: the app, a text message, or a recovery code. */
export type CodeVia = 'totp' | 'sms' | 'recovery';
export const CODE_VIAS: readonly CodeVia[] = ['totp', 'sms', 'recovery'];

export const LABELS = {
  oneTimePassword: { 'zh-TW': '一次性密碼登入', en: 'Sign in with a one-time password' },
  totp: { 'zh-TW': '驗證器 App 驗證碼', en: 'Code from an authenticator app' },
  sms: { 'zh-TW': '簡訊驗證碼', en: 'Code by text message' },
  recovery: { 'zh-TW': '備用復原碼', en: 'A recovery code' },
} satisfies Record<string, LocalizedText>;

const SUBMIT = { 'zh-TW': '登入', en: 'Sign in' };

const codeField = (via: CodeVia): MethodField =>
  via === 'recovery'
    ? {
        name: 'code',
        label: { 'zh-TW': '備用復原碼', en: 'Recovery code' },
        hint: { 'zh-TW': '例如 ABCDE-FGHJK，每組只能使用一次', en: 'Like ABCDE-FGHJK; each works once' },
        autocomplete: 'off',
      }
    : {
        name: 'code',
        label: { 'zh-TW': '6 位數驗證碼', en: '6-digit code' },
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
      };

export function accountView(): MethodView {
  return {
    kind: 'form',
    title: LABELS.oneTimePassword,
    lead: {
      'zh-TW': '在公用電腦上，一次性密碼讓您不必輸入密碼：輸入帳號，再輸入驗證器 App 或簡訊收到的驗證碼。',
      en: 'On a shared computer a one-time password means you type no password: enter your account, then a code from your authenticator app or a text message.',
    },
    fields: [
      {
        name: 'login',
        label: { 'zh-TW': '教育雲端帳號', en: 'Education Cloud account' },
        hint: { 'zh-TW': '帳號或 帳號@mail.edu.tw', en: 'Username or username@mail.edu.tw' },
        autocomplete: 'username',
      },
    ],
    submit: { 'zh-TW': '下一步', en: 'Next' },
  };
}

/** The same three choices for every name (an account with nothing enrolled too): no enumeration. */
export function chooseView(maskedMobile: string): MethodView {
  return {
    kind: 'form',
    title: { 'zh-TW': '選擇驗證方式', en: 'How do you want to get your code?' },
    fields: [
      {
        name: 'via',
        type: 'choice',
        label: { 'zh-TW': '驗證方式', en: 'Way to get the code' },
        options: [
          { value: 'totp', label: LABELS.totp },
          {
            value: 'sms',
            label: {
              'zh-TW': `簡訊驗證碼（傳送至 ${maskedMobile}）`,
              en: `Text message to ${maskedMobile}`,
            },
          },
          { value: 'recovery', label: LABELS.recovery },
        ],
      },
    ],
    submit: { 'zh-TW': '下一步', en: 'Next' },
  };
}

export function codeView(via: CodeVia, maskedMobile?: string): MethodView {
  const base = { kind: 'form' as const, fields: [codeField(via)], submit: SUBMIT };
  if (via === 'totp')
    return {
      ...base,
      title: { 'zh-TW': '輸入驗證器 App 的驗證碼', en: 'Enter the code from your authenticator app' },
      lead: {
        'zh-TW':
          '開啟手機上的驗證器 App（如 Google Authenticator），輸入「教育雲端帳號」目前顯示的 6 位數字。',
        en: 'Open the authenticator app on your phone (such as Google Authenticator) and enter the 6 digits it shows for "教育雲端帳號".',
      },
    };
  if (via === 'recovery')
    return {
      ...base,
      title: { 'zh-TW': '輸入備用復原碼', en: 'Enter a recovery code' },
      lead: {
        'zh-TW': '使用您設定驗證器 App 時保存的備用復原碼之一。',
        en: 'Use one of the recovery codes you kept when you set up your authenticator app.',
      },
    };
  return {
    ...base,
    title: { 'zh-TW': '輸入簡訊驗證碼', en: 'Enter the code we texted you' },
    notice: {
      'zh-TW': `驗證碼已傳送至 ${maskedMobile}，10 分鐘內有效。`,
      en: `We sent a code to ${maskedMobile}; it is valid for 10 minutes.`,
    },
    alternative: {
      name: 'resend',
      value: '1',
      label: { 'zh-TW': '重新傳送驗證碼', en: 'Send a new code' },
    },
  };
}
