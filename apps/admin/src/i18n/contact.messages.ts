import { defineCatalogue } from '#web';

/** Contact details entered by the helpdesk: verified only after the identity checks. */
export const contactMessages = defineCatalogue({
  'zh-TW': {
    'contact.checklist':
      '已核對本人身分時請勾選以下每一項，新的聯絡方式才會標記為「已驗證」；未全部勾選則存為未驗證，由本人登入後以驗證碼確認。原本的聯絡方式會收到變更通知。',
  },
  en: {
    'contact.checklist':
      'Tick every check once you have confirmed who the caller is, and the new contact details count as verified; otherwise they are stored unverified and the holder confirms them with a code. The old address or number is told of the change.',
  },
});
