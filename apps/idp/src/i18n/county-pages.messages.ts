import { defineCatalogue } from '#web';

/**
 * 使用縣市帳號證明身分 on /activate and /apply, and the 縣市帳號 section of My account.
 * `{fallback}` is the code-based way on the same page (the activation code, or the form).
 */
export const countyPageMessages = defineCatalogue({
  'zh-TW': {
    'countyProof.title': '使用縣市帳號證明身分',
    'countyProof.activationLead':
      '沒有啟用碼也可以：用學校所在縣市的帳號登入證明你是誰，就能接著設定教育雲端帳號的名稱與密碼。',
    'countyProof.applyLead':
      '用學校所在縣市的帳號登入證明你是誰，申請會立即核准，不必等待客服審核，接著設定帳號名稱與密碼。',
    'countyProof.fallbackActivation': '使用下方表單以啟用碼啟用',
    'countyProof.fallbackApply': '填寫下方的申請表',
    'countyProof.unavailable': '{county}的登入服務目前沒有回應，沒有使用任何資料。請稍後再試，或{fallback}。',
    'countyProof.denied': '{county}帳號登入已取消。你可以再試一次，或{fallback}。',
    'countyProof.expired': '{county}帳號登入逾時。請再試一次，或{fallback}。',
    'countyProof.invalid': '無法驗證{county}的回應，沒有使用任何資料。請再試一次，或{fallback}。',
    'countyProof.untrusted': '這個縣市帳號不能用來證明身分。請{fallback}。',
    'countyProof.mismatch':
      '這個縣市帳號的回應不屬於這個瀏覽器開始的啟用或申請，因此沒有使用。請重新開始，或{fallback}。',
    'countyProof.noNationalId': '{county}沒有提供可用的身分資料，無法用來證明身分。請{fallback}。',
    'countyProof.noPending':
      '{county}已確認你的身分，但沒有等待啟用的教育雲端帳號。如果你有啟用碼，請使用下方表單；還沒有帳號的人可以申請。',
    'countyProof.hasAccount':
      '{county}已確認你的身分：你已經有教育雲端帳號，不需要再申請。請直接登入；忘記帳號或密碼時，請使用登入頁的「忘記帳號」或「忘記密碼」。',
    'countyProof.thisCounty': '縣市',
    'countyProof.startAgain': '重新啟用帳號',
    'countyProof.applyAgain': '重新申請帳號',
    'account.county': '縣市帳號',
    'account.countyLead':
      '已連結的縣市帳號可以直接登入教育雲端。移除連結後，下次用該縣市帳號登入時會再次要求連結。',
    'account.countyNone': '沒有連結的縣市帳號。',
    'account.countyLinkedAt': '連結時間',
    'account.countyLastUsed': '最近使用',
    'account.countyNever': '尚未使用',
    'account.countyRemove': '移除{county}帳號連結',
    'account.countyRemoved': '已移除縣市帳號連結。',
  },
  en: {
    'countyProof.title': 'Prove who you are with your county account',
    'countyProof.activationLead':
      'No activation code needed: sign in with the account of the county or city of your school to prove who you are, then choose your Education Cloud username and password.',
    'countyProof.applyLead':
      'Sign in with the account of the county or city of your school to prove who you are: your application is approved at once, without waiting for the helpdesk, and you go on to choose a username and password.',
    'countyProof.fallbackActivation': 'use the form below with your activation code',
    'countyProof.fallbackApply': 'fill in the application form below',
    'countyProof.unavailable':
      "{county}'s sign-in service is not responding; nothing was used. Try again later, or {fallback}.",
    'countyProof.denied': 'The {county} sign-in was cancelled. Try again, or {fallback}.',
    'countyProof.expired': 'The {county} sign-in took too long. Try again, or {fallback}.',
    'countyProof.invalid':
      "{county}'s answer could not be verified; nothing was used. Try again, or {fallback}.",
    'countyProof.untrusted': 'This county account cannot prove who you are. Please {fallback}.',
    'countyProof.mismatch':
      'This answer from the county belongs to an activation or application begun in another browser, so it was not used. Start again, or {fallback}.',
    'countyProof.noNationalId':
      '{county} did not give details that can prove who you are. Please {fallback}.',
    'countyProof.noPending':
      '{county} confirmed who you are, but no Education Cloud account is waiting for activation. If you have an activation code, use the form below; if you have no account yet, you can apply.',
    'countyProof.hasAccount':
      '{county} confirmed who you are: you already have an Education Cloud account and need not apply. Sign in; if you forgot your username or password, use the links on the sign-in page.',
    'countyProof.thisCounty': 'The county',
    'countyProof.startAgain': 'Activate your account',
    'countyProof.applyAgain': 'Apply for an account',
    'account.county': 'County accounts',
    'account.countyLead':
      'A linked county account signs you in to Education Cloud directly. After you remove a link, the next sign-in with that county account asks to link again.',
    'account.countyNone': 'No county account is linked.',
    'account.countyLinkedAt': 'Linked',
    'account.countyLastUsed': 'Last used',
    'account.countyNever': 'Not yet',
    'account.countyRemove': 'Remove the {county} link',
    'account.countyRemoved': 'The county account link was removed.',
  },
});
