const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** TEST ONLY: the developer's "phone": pending transactions with approve / refuse buttons. */
export function phonePage(pending: { sp_ticket_id: string; op_mode: string; id_masked: string }[]): string {
  const rows = pending
    .map(
      (t) => `<li>${esc(t.id_masked)} (${esc(t.op_mode)})
      <form method="post" action="/phone"><input type="hidden" name="sp_ticket_id" value="${esc(t.sp_ticket_id)}">
      <button name="decision" value="approve">同意 Approve</button> <button name="decision" value="refuse">拒絕 Refuse</button></form></li>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><meta http-equiv="refresh" content="4">
<title>行動自然人憑證 App (stand-in)</title></head><body><h1>行動自然人憑證 App（stand-in）</h1>
<p>待確認的登入 / Pending sign-ins:</p><ul>${rows || '<li>（無 / none）</li>'}</ul></body></html>`;
}
