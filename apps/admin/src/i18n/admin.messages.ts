import { defineCatalogue } from '#web';

/** The helpdesk portal's pages. */
export const adminMessages = defineCatalogue({
  'zh-TW': {
    'admin.title': '教育雲端帳號客服後台',
    'admin.comingSoon': '客服人員登入功能即將推出。',
    'admin.meanwhile': '在此之前，帳號查詢、解鎖與申請審核請使用命令列工具（npm run cli）。',
    'admin.notFoundTitle': '找不到此頁面',
    'admin.notFound': '網址 {path} 不存在。',
  },
  en: {
    'admin.title': 'Education Cloud Account helpdesk portal',
    'admin.comingSoon': 'Signing in to the helpdesk portal is coming soon.',
    'admin.meanwhile':
      'Until then, use the command-line tool (npm run cli) to look up and unlock accounts and to decide applications.',
    'admin.notFoundTitle': 'Page not found',
    'admin.notFound': 'There is no page at {path}.',
  },
});
