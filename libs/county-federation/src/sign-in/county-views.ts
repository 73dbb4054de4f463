import type { LocalizedText, MethodView } from '#identity-core';
import { countyLabel } from '../domain/counties.js';
import type { CountyFailureKind } from '../domain/errors.js';
import type { CountyProviderEntity } from '../entities/county-provider.entity.js';

export const COUNTY_METHOD_LABEL: LocalizedText = {
  'zh-TW': '使用縣市帳號登入',
  en: 'Sign in with your county account',
};

/** The county list: one button per enabled county, north to south. */
export function countyListView(
  counties: CountyProviderEntity[],
  origins: string[],
  notice?: LocalizedText,
): MethodView {
  return {
    kind: 'form',
    title: { 'zh-TW': '使用縣市帳號登入', en: 'Sign in with your county account' },
    lead: {
      'zh-TW': '請選擇你的學校所在的縣市，將前往該縣市的登入頁面。',
      en: 'Choose the county or city of your school; you will sign in on its login page.',
    },
    ...(notice ? { notice } : {}),
    fields: [
      {
        name: 'county',
        label: { 'zh-TW': '縣市', en: 'County or city' },
        options: counties.map((c) => ({ value: c.id, label: countyLabel(c.name) })),
      },
    ],
    submit: { 'zh-TW': '前往登入', en: 'Continue' },
    redirectsTo: origins,
  };
}

/** Why the county sign-in did not work, naming the county, pointing to the other ways in. */
export function failureNotice(countyName: string, kind: CountyFailureKind): LocalizedText {
  const { 'zh-TW': zh, en } = countyLabel(countyName);
  switch (kind) {
    case 'unavailable':
      return {
        'zh-TW': `${zh}的登入服務目前沒有回應。請稍後再試，或回到登入頁使用其他方式登入。`,
        en: `${en}'s sign-in service is not responding. Try again later, or go back and use another way to sign in.`,
      };
    case 'denied':
      return {
        'zh-TW': `${zh}帳號登入已取消。你可以再試一次，或回到登入頁使用其他方式登入。`,
        en: `The ${en} sign-in was cancelled. Try again, or go back and use another way to sign in.`,
      };
    case 'expired':
      return {
        'zh-TW': `${zh}帳號登入逾時。請再試一次，或回到登入頁使用其他方式登入。`,
        en: `The ${en} sign-in took too long. Try again, or go back and use another way to sign in.`,
      };
    default:
      return {
        'zh-TW': `${zh}帳號登入沒有成功（無法驗證${zh}的回應）。請再試一次，或回到登入頁使用其他方式登入。`,
        en: `The ${en} sign-in did not work (its answer could not be verified). Try again, or go back and use another way to sign in.`,
      };
  }
}

/** First login with a county identity nobody linked yet: prove the edu-sso account once. */
export function linkView(countyName: string, personName: string | null, notice?: LocalizedText): MethodView {
  const { 'zh-TW': zh, en } = countyLabel(countyName);
  const who = personName ?? '';
  return {
    kind: 'form',
    title: { 'zh-TW': `連結${zh}帳號`, en: `Link your ${en} account` },
    lead: {
      'zh-TW': `你已用${zh}帳號${who ? `（${who}）` : ''}登入，但它還沒有連結教育雲端帳號。請以教育雲端帳號密碼登入一次完成連結，之後即可直接使用${zh}帳號登入。`,
      en: `You signed in with your ${en} account${who ? ` (${who})` : ''}, which is not linked to an Education Cloud account yet. Sign in once with your Education Cloud username and password to link them; next time the county account is enough.`,
    },
    ...(notice ? { notice } : {}),
    fields: [
      {
        name: 'login',
        label: { 'zh-TW': '教育雲端帳號', en: 'Education Cloud username' },
        autocomplete: 'username',
      },
      {
        name: 'password',
        label: { 'zh-TW': '密碼', en: 'Password' },
        type: 'password',
        autocomplete: 'current-password',
      },
    ],
    submit: { 'zh-TW': '登入並連結', en: 'Sign in and link' },
  };
}

export const ALREADY_LINKED: (countyName: string) => LocalizedText = (countyName) => {
  const { 'zh-TW': zh, en } = countyLabel(countyName);
  return {
    'zh-TW': `這個教育雲端帳號已連結另一個${zh}帳號。請先在「我的帳號」移除該連結，或改用其他帳號。`,
    en: `This Education Cloud account is already linked to another ${en} account. Remove that link under My account first, or use another account.`,
  };
};

export const NOT_ACTIVATED: (countyName: string) => LocalizedText = (countyName) => {
  const { 'zh-TW': zh, en } = countyLabel(countyName);
  return {
    'zh-TW': `你的教育雲端帳號尚未啟用。請先到「啟用教育雲端帳號」完成啟用，之後即可使用${zh}帳號登入。`,
    en: `Your Education Cloud account is not activated yet. Activate it first; then your ${en} account signs you in.`,
  };
};
