import type { Locale } from '#web';

/** One help page per way of signing in, as the real service's 登入手冊 and Q&A have. */
export const HELP_TOPICS = ['password', 'second-factor', 'county', 'certificate', 'new-account'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

export interface HelpText {
  title: string;
  /** One line for the index. */
  summary: string;
  how: string[];
  fails: string[];
  /** A page of this service that helps (forgot password, activation ...). */
  links: { path: string; label: string }[];
}

/**
 * The help text, per language and topic. Longer than a catalogue's messages and only read here,
 * so kept as typed content rather than message keys; both languages must have every topic.
 */
export const HELP: Readonly<Record<Locale, Record<HelpTopic, HelpText>>> = {
  'zh-TW': {
    password: {
      title: '使用帳號密碼登入',
      summary: '以教育雲端帳號（例：lin.student）與密碼登入。',
      how: [
        '在學校或學習服務的網站點選「以教育雲端帳號登入」，會轉到本服務的登入頁。',
        '帳號欄輸入您的帳號（例：lin.student），或完整的 lin.student@mail.edu.tw。',
        '輸入密碼與圖片中的驗證碼後按「登入」。看不清楚時可按「換下一個」或「聽語音驗證碼」。',
      ],
      fails: [
        '「帳號或密碼錯誤」：請確認帳號拼字與大小寫鍵；忘記密碼時，請使用「忘記教育雲端密碼」重設。',
        '忘記帳號：請使用「忘記教育雲端帳號」，帳號會寄到您已驗證的電子郵件或手機。',
        '連續輸錯會暫時鎖定，頁面會告訴您需等候的時間；重設密碼後即可再登入。',
        '「此帳號已停用」或「帳號已鎖定」：請聯絡學校或客服。',
      ],
      links: [
        { path: '/forgot', label: '忘記教育雲端密碼' },
        { path: '/forgot/username', label: '忘記教育雲端帳號' },
      ],
    },
    'second-factor': {
      title: '驗證器 App 與簡訊驗證碼',
      summary: '需要第二道驗證時，以驗證器 App 的 6 位數字或簡訊驗證碼確認是您本人。',
      how: [
        '輸入密碼後，若此次登入需要再驗證一次，頁面會請您選擇驗證方式。',
        '驗證器 App：開啟 App，輸入教育雲端帳號下方顯示的 6 位數字。',
        '簡訊驗證碼：按「傳送」後，輸入手機收到的 6 位數字（10 分鐘內有效）。',
      ],
      fails: [
        '驗證碼錯誤：請確認手機時間正確（驗證器 App 依時間產生數字），或等下一組數字再試。',
        '手機遺失或更換：請使用備用救援碼登入，登入後到「我的帳號」重新設定；沒有救援碼時請聯絡客服。',
        '收不到簡訊：請確認號碼與收訊，稍候再按「重新傳送」。',
      ],
      links: [{ path: '/account', label: '我的帳號' }],
    },
    county: {
      title: '使用縣市教育網路帳號登入',
      summary: '以您所屬縣市的教育網路帳號登入，再連結到教育雲端帳號。',
      how: [
        '在登入頁點選您所屬縣市，會轉到縣市的登入頁。',
        '以縣市提供的帳號密碼登入後，會自動回到本服務並完成登入。',
      ],
      fails: [
        '縣市帳號密碼錯誤或忘記：請洽您學校的資訊組或縣市教育網路中心。',
        '回到本服務後顯示無法登入：可能尚未與教育雲端帳號連結，請聯絡客服並提供頁面上的請求編號。',
      ],
      links: [],
    },
    certificate: {
      title: '使用自然人憑證或行動自然人憑證登入',
      summary: '以自然人憑證（插卡）或行動自然人憑證 App 證明身分。',
      how: [
        '自然人憑證：請先安裝內政部 HiPKI 元件並插入讀卡機，在登入頁選擇「自然人憑證」，輸入 PIN 碼。',
        '行動自然人憑證：在登入頁選擇「行動自然人憑證」，以手機 App 掃描或確認推播通知。',
      ],
      fails: [
        '讀不到卡片：請確認讀卡機與 HiPKI 元件已安裝並啟動，再重新整理頁面。',
        'PIN 碼錯誤多次會鎖卡，請洽戶政事務所解鎖。',
        '憑證尚未與教育雲端帳號連結：請先以帳號密碼登入，到「我的帳號」連結憑證。',
      ],
      links: [],
    },
    'new-account': {
      title: '啟用或申請教育雲端帳號',
      summary: '第一次使用：以學校提供的啟用碼啟用帳號，或自行申請帳號。',
      how: [
        '學校已為您建立帳號時：到「啟用教育雲端帳號」，輸入身分證字號、出生日期與啟用碼，再設定帳號與密碼。',
        '沒有學校為您建立帳號時（例如終身學習者）：到「申請教育雲端帳號」填寫資料，審核通過後會以電子郵件寄送啟用碼。',
        '申請後可在「查詢申請進度」以申請編號與出生日期查詢。',
      ],
      fails: [
        '啟用碼遺失或逾期：請向學校索取新的啟用碼。',
        '申請未通過：原因會寄到您的電子郵件；如有疑問請聯絡客服。',
      ],
      links: [
        { path: '/activate', label: '啟用教育雲端帳號' },
        { path: '/apply', label: '申請教育雲端帳號' },
        { path: '/apply/status', label: '查詢申請進度' },
      ],
    },
  },
  en: {
    password: {
      title: 'Signing in with your account name and password',
      summary: 'Sign in with your Education Cloud account name (e.g. lin.student) and password.',
      how: [
        'On your school’s or learning service’s site, choose "Sign in with Education Cloud account": you come to this service’s sign-in page.',
        'Enter your account name (e.g. lin.student), or the whole lin.student@mail.edu.tw.',
        'Enter your password and the code in the image, then choose "Sign in". If you cannot read it, choose "Show another" or "Listen to the code".',
      ],
      fails: [
        '"Incorrect account or password": check the spelling and Caps Lock; if you forgot your password, reset it with "Forgot your password?".',
        'Forgot your account name: use "Forgot your username?"; it is sent to your verified email or mobile.',
        'Several wrong passwords in a row lock sign-in for a while; the page says how long. A password reset lets you in again.',
        '"Account disabled" or "locked": contact your school or the helpdesk.',
      ],
      links: [
        { path: '/forgot', label: 'Forgot your password?' },
        { path: '/forgot/username', label: 'Forgot your username?' },
      ],
    },
    'second-factor': {
      title: 'Authenticator app and SMS codes',
      summary: 'When a second step is needed, confirm it is you with your authenticator app or an SMS code.',
      how: [
        'After your password, if this sign-in needs one more step, the page asks you to choose how.',
        'Authenticator app: open it and enter the 6 digits shown under your Education Cloud account.',
        'SMS code: choose "Send", then enter the 6 digits you receive (valid for 10 minutes).',
      ],
      fails: [
        'Wrong code: check that your phone’s clock is right (the app’s digits follow the time), or wait for the next code.',
        'Lost or new phone: sign in with a recovery code and set it up again in My account; without one, contact the helpdesk.',
        'No SMS: check the number and your signal, then choose "Send again" after a while.',
      ],
      links: [{ path: '/account', label: 'My account' }],
    },
    county: {
      title: 'Signing in with your county’s education account',
      summary:
        'Sign in with the account of your county’s education network, linked to your Education Cloud account.',
      how: [
        'On the sign-in page, choose your county: you go to its sign-in page.',
        'Sign in there; you come back here, signed in.',
      ],
      fails: [
        'Forgot the county password: ask your school’s IT staff or the county’s education network centre.',
        'Back here but not signed in: the account may not be linked yet; contact the helpdesk with the request id shown on the page.',
      ],
      links: [],
    },
    certificate: {
      title: 'Signing in with a citizen digital certificate',
      summary: 'Prove who you are with your citizen digital certificate card or the mobile certificate app.',
      how: [
        'Card: install the HiPKI component, insert the card in the reader, choose the certificate on the sign-in page and enter your PIN.',
        'Mobile certificate: choose it on the sign-in page and confirm in the app on your phone.',
      ],
      fails: [
        'The card cannot be read: check that the reader and the HiPKI component are installed and running, then reload the page.',
        'Too many wrong PINs lock the card: the household registration office unlocks it.',
        'The certificate is not linked yet: sign in with your password and link it in My account.',
      ],
      links: [],
    },
    'new-account': {
      title: 'Activating or applying for an account',
      summary:
        'First time: activate the account your school created with its activation code, or apply for one.',
      how: [
        'If your school created your account: go to "Activate your Education Cloud account", enter your national ID number, date of birth and the activation code, then choose your account name and password.',
        'If no school did (for example as a lifelong learner): apply on "Apply for an Education Cloud account"; once approved, the activation code is emailed to you.',
        'After applying, check how it is going on "Check your application" with your reference number and date of birth.',
      ],
      fails: [
        'Lost or expired activation code: ask your school for a new one.',
        'Application not approved: the reason is emailed to you; contact the helpdesk with any questions.',
      ],
      links: [
        { path: '/activate', label: 'Activate your Education Cloud account' },
        { path: '/apply', label: 'Apply for an Education Cloud account' },
        { path: '/apply/status', label: 'Check your application' },
      ],
    },
  },
};
