import assert from 'node:assert/strict';

/** One browser-less client with a cookie jar: reads the CSRF field and posts forms like a browser. */
export class FormClient {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string>; body?: string } = {}) {
    const headers: Record<string, string> = { accept: 'text/html', 'accept-language': 'zh-TW' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined = init.body;
    if (init.form) body = new URLSearchParams(init.form).toString();
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await res.text();
    return { status: res.status, location: res.headers.get('location'), html, headers: res.headers };
  }

  async csrf(path: string): Promise<string> {
    const page = await this.request(path);
    const token = /name="csrf" value="([^"]+)"/.exec(page.html)?.[1];
    assert.ok(token, `no csrf field on ${path}`);
    return token;
  }

  /** GET the form, POST it with its CSRF field. */
  async submit(path: string, form: Record<string, string>) {
    return this.request(path, { form: { csrf: await this.csrf(path), ...form } });
  }
}
