import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SmSend request as the gateway saw it. */
export interface ReceivedSms {
  username: string;
  password: string;
  dstaddr: string;
  smbody: string;
  clientid: string;
  /** The `CharsetURL` query parameter. */
  charset: string | null;
  contentType: string;
  msgid: string;
  /** A repeat of a clientid the gateway had already accepted (answered Duplicate=Y, not sent). */
  duplicate: boolean;
}

export type GatewayFailure = { http: number } | { statuscode: string };

/**
 * A stand-in for an SMS gateway speaking Mitake's SmSend form API (the format MitakeSmsSender
 * implements): POST /api/mtk/SmSend?CharsetURL=UTF-8, form fields username, password, dstaddr,
 * smbody, clientid; answers `[1]\r\nmsgid=…\r\nstatuscode=1\r\nAccountPoint=…\r\n`. Wrong
 * credentials answer statuscode e; `failNext` makes the next requests fail.
 */
export class SmsGatewayStub {
  /** Every request, duplicates and failed ones included. */
  readonly requests: ReceivedSms[] = [];
  private failures: GatewayFailure[] = [];
  private failAll: GatewayFailure | null = null;
  private seq = 0;
  private points = 10_000;

  private readonly server: Server;
  private listeningPort = 0;

  private constructor(
    readonly username: string,
    readonly password: string,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
  }

  get port(): number {
    return this.listeningPort;
  }

  /** For SMS_GATEWAY_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The idp's and worker's settings for sending through this stub. */
  env(): Record<string, string> {
    return {
      SMS_PROVIDER: 'mitake',
      SMS_GATEWAY_URL: this.url,
      SMS_USERNAME: this.username,
      SMS_PASSWORD: this.password,
    };
  }

  /** Starts on a random loopback port; requests with other credentials get statuscode e. */
  static async start(
    credentials = { username: 'edusso', password: 'gateway-secret' },
  ): Promise<SmsGatewayStub> {
    const stub = new SmsGatewayStub(credentials.username, credentials.password);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', () => resolve()));
    stub.listeningPort = (stub.server.address() as AddressInfo).port;
    return stub;
  }

  /** Messages the gateway accepted and would deliver (no duplicates). */
  get messages(): ReceivedSms[] {
    return this.requests.filter((r) => r.msgid !== '' && !r.duplicate);
  }

  messagesTo(dstaddr: string): ReceivedSms[] {
    return this.messages.filter((m) => m.dstaddr === dstaddr);
  }

  /** The next `count` requests fail (HTTP status or a Mitake statuscode). */
  failNext(count: number, how: GatewayFailure = { http: 500 }): void {
    for (let i = 0; i < count; i++) this.failures.push(how);
  }

  /** Every request fails until `reset()`. */
  failAlways(how: GatewayFailure): void {
    this.failAll = how;
  }

  reset(): void {
    this.failures = [];
    this.failAll = null;
  }

  async waitFor(dstaddr: string, timeoutMs = 10_000, count = 1): Promise<ReceivedSms[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messagesTo(dstaddr);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`sms gateway: ${found.length} of ${count} SMS to ${dstaddr} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (req.method !== 'POST' || url.pathname !== '/api/mtk/SmSend') {
      res.statusCode = 404;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const sms: ReceivedSms = {
      username: form.get('username') ?? '',
      password: form.get('password') ?? '',
      dstaddr: form.get('dstaddr') ?? '',
      smbody: form.get('smbody') ?? '',
      clientid: form.get('clientid') ?? '',
      charset: url.searchParams.get('CharsetURL'),
      contentType: req.headers['content-type'] ?? '',
      msgid: '',
      duplicate: false,
    };
    this.requests.push(sms);
    const failure = this.failures.shift() ?? this.failAll;
    if (failure && 'http' in failure) {
      res.statusCode = failure.http;
      res.end('error');
      return;
    }
    let status = failure?.statuscode ?? '1';
    if (!failure) {
      if (sms.username !== this.username || sms.password !== this.password) status = 'e';
      else if (!/^09\d{8}$/.test(sms.dstaddr)) status = 'v';
      else if (!sms.smbody) status = 'u';
    }
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    if (!['0', '1', '2', '4'].includes(status)) {
      res.end(`[1]\r\nstatuscode=${status}\r\nError=${status}\r\n`);
      return;
    }
    const earlier = sms.clientid
      ? this.requests.find((r) => r !== sms && r.clientid === sms.clientid && r.msgid !== '')
      : undefined;
    sms.duplicate = earlier !== undefined;
    sms.msgid = earlier?.msgid ?? `#${String(++this.seq).padStart(9, '0')}`;
    if (!sms.duplicate) this.points -= 1;
    res.end(
      `[1]\r\nmsgid=${sms.msgid}\r\nstatuscode=${status}\r\nAccountPoint=${this.points}\r\n${sms.duplicate ? 'Duplicate=Y\r\n' : ''}`,
    );
  }
}
