import type { Catalogue } from './message-template.js';

const BRAND = '【教育雲端帳號】';
const IGNORE = '若您未提出此要求，請忽略本信。';
const NOT_YOU = '若這不是您本人的操作，請立即開啟下列連結登出所有裝置並變更密碼：';

export const zhTW: Catalogue = {
  chrome: {
    lang: 'zh-Hant-TW',
    fraudNotice: '防詐騙提醒：教育部及教育雲端帳號服務人員不會向您索取密碼或驗證碼，請勿將驗證碼告訴任何人。',
    automated: '本信由教育雲端帳號系統自動發送，請勿直接回覆。',
  },
  templates: {
    'activation.code-issued': {
      subject: '教育雲端帳號啟用碼',
      body: ['您的教育雲端帳號啟用碼為：{code}', '請於 {expiresAt} 前至下列網址啟用帳號：', '{link}', IGNORE],
      sms: `${BRAND}帳號啟用碼 {code}，{expiresAt} 前有效，請勿告訴他人。`,
    },
    'contact.verify-email': {
      subject: '驗證您的電子郵件地址',
      body: ['您的電子郵件驗證碼為：{code}', `請於 {minutes} 分鐘內輸入此驗證碼。${IGNORE}`],
      sms: `${BRAND}Email 驗證碼 {code}，{minutes} 分鐘內有效，請勿告訴他人。`,
    },
    'contact.verify-phone': {
      subject: '驗證您的手機號碼',
      body: ['您的手機驗證碼為：{code}', `請於 {minutes} 分鐘內輸入此驗證碼。${IGNORE}`],
      sms: `${BRAND}手機驗證碼 {code}，{minutes} 分鐘內有效，請勿告訴他人。`,
    },
    'password-reset.link': {
      subject: '重設您的教育雲端帳號密碼',
      body: [
        '我們收到重設您教育雲端帳號密碼的要求。請於 {minutes} 分鐘內開啟下列連結設定新密碼：',
        '{link}',
        '若您未提出此要求，請忽略本信，您的密碼不會變更。',
      ],
      sms: `${BRAND}重設密碼連結（{minutes} 分鐘內有效）：{link}`,
    },
    'password-reset.code': {
      subject: '重設密碼驗證碼',
      body: [
        '您重設密碼的驗證碼為：{code}',
        '請於 {minutes} 分鐘內輸入此驗證碼。若您未提出此要求，請忽略本信，您的密碼不會變更。',
      ],
      sms: `${BRAND}重設密碼驗證碼 {code}，{minutes} 分鐘內有效，請勿告訴他人。`,
    },
    'password.changed': {
      subject: '您的教育雲端帳號密碼已變更',
      body: [
        '{name} 您好：',
        '您的教育雲端帳號密碼剛剛已變更。',
        '若這不是您本人的操作，請立即重設密碼並聯絡客服。',
      ],
      sms: `${BRAND}您的密碼已變更。若非本人操作，請立即重設密碼並聯絡客服。`,
    },
    'username.reminder': {
      subject: '您的教育雲端帳號',
      body: [
        '{name} 您好：',
        '您的教育雲端帳號為：{username}',
        '開啟下列連結即可登入（帳號已為您填好）：',
        '{link}',
        '若您未查詢帳號，請忽略本信。',
      ],
      sms: `${BRAND}您的帳號為 {username}，登入：{link} 若非本人查詢，請忽略。`,
    },
    'application.received': {
      subject: '已收到您的教育雲端帳號申請',
      body: [
        '{name} 您好：',
        '我們已收到您的教育雲端帳號申請，審核完成後將另行通知您。',
        '申請編號：{reference}',
        '如需查詢審核進度，請開啟下列網址，輸入申請編號與出生日期：',
        '{link}',
      ],
      sms: `${BRAND}已收到您的帳號申請（編號 {reference}），審核完成後將另行通知。查詢進度：{link}`,
    },
    'application.approved': {
      subject: '您的教育雲端帳號申請已核准',
      body: [
        '{name} 您好：',
        '您的教育雲端帳號申請（編號 {reference}）已核准。',
        '您的啟用碼為：{code}（{expiresAt} 前有效）',
        '請開啟下列網址，輸入身分證字號、出生日期與啟用碼，設定您的帳號與密碼：',
        '{link}',
      ],
      sms: `${BRAND}帳號申請 {reference} 已核准，啟用碼 {code}，{expiresAt} 前至 {link} 啟用。`,
    },
    'application.rejected': {
      subject: '您的教育雲端帳號申請未通過',
      body: [
        '{name} 您好：',
        '很抱歉，您的教育雲端帳號申請未通過審核。原因：{reason}',
        '如有疑問，請聯絡客服。',
      ],
      sms: `${BRAND}帳號申請未通過：{reason}。如有疑問請聯絡客服。`,
    },
    'sign-in.code': {
      subject: '教育雲端帳號登入驗證碼',
      body: ['您的登入驗證碼為：{code}', `請於 {minutes} 分鐘內輸入此驗證碼。${IGNORE}`],
      sms: `${BRAND}登入驗證碼 {code}，{minutes} 分鐘內有效，請勿告訴他人。`,
    },
    'security.method-added': {
      subject: '您的教育雲端帳號新增了登入方式',
      body: ['{name} 您好：', '您的教育雲端帳號剛剛新增了登入方式：{method}。', NOT_YOU, '{link}'],
      sms: `${BRAND}帳號新增登入方式：{method}。若非本人操作請至 {link} 登出所有裝置`,
    },
    'security.method-removed': {
      subject: '您的教育雲端帳號移除了登入方式',
      body: ['{name} 您好：', '您的教育雲端帳號剛剛移除了登入方式：{method}。', NOT_YOU, '{link}'],
      sms: `${BRAND}帳號移除登入方式：{method}。若非本人操作請至 {link} 登出所有裝置`,
    },
    'security.new-device': {
      subject: '您的教育雲端帳號在新裝置登入',
      body: [
        '{name} 您好：',
        '您的教育雲端帳號於 {time} 在一台新裝置登入（{device}，IP {place}）。',
        NOT_YOU,
        '{link}',
      ],
      sms: `${BRAND}帳號於 {time} 在新裝置登入。若非本人請至 {link} 登出所有裝置`,
    },
    'contact.changed': {
      subject: '您的教育雲端帳號聯絡資料已變更',
      body: [
        '{name} 您好：',
        '您的教育雲端帳號的{channel}剛剛已變更，本信寄至原本的地址。',
        NOT_YOU,
        '{link}',
      ],
      sms: `${BRAND}帳號的{channel}已變更。若非本人操作請至 {link} 登出所有裝置`,
    },
  },
};
