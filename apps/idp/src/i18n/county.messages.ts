import { defineCatalogue } from '#web';

/** 使用縣市帳號登入: the county's answer at /cncreturnpage that belongs to no login in progress. */
export const countyMessages = defineCatalogue({
  'zh-TW': {
    'county.returnUnknownTitle': '無法完成縣市帳號登入',
    'county.returnUnknown':
      '這個縣市帳號登入的回應已經使用過、已逾時，或不屬於這次登入，因此沒有登入也沒有連結任何帳號。請回到原本的網站重新登入。',
  },
  en: {
    'county.returnUnknownTitle': 'The county sign-in could not be completed',
    'county.returnUnknown':
      'This answer from the county was already used, has expired, or belongs to no sign-in in progress, so nobody was signed in and nothing was linked. Go back to the site you came from and sign in again.',
  },
});
