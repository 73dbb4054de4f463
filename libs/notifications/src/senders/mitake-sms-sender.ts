import { createHash } from 'node:crypto';
import { DeliveryFailed } from './delivery-failed.js';
import type { SendReceipt } from './mail-sender.js';
import { SmsSender, type OutgoingSms } from './sms-sender.js';

/**
 * SMS through an HTTP gateway speaking Mitake's `SmSend` API, the form most Taiwanese SMS
 * providers copy. Wire format (see libs/notifications/README.md):
 *
 *   POST {gatewayUrl}/api/mtk/SmSend?CharsetURL=UTF-8
 *   Content-Type: application/x-www-form-urlencoded
 *   username=…&password=…&dstaddr=09xxxxxxxx&smbody=<UTF-8 text>&clientid=<id>
 *
 *   200 text/plain, CRLF lines:   [1]
 *                                 msgid=#000000001
 *                                 statuscode=1
 *                                 AccountPoint=98
 *                                 (Duplicate=Y when the clientid was seen before)
 *
 * statuscode 0, 1, 2, 4 = accepted; anything else is an error (see STATUS). `clientid` makes the
 * gateway drop a repeat of the same message (it is the idempotency key, or its hash when longer
 * than the 36 characters the gateway accepts).
 */
export class MitakeSmsSender extends SmsSender {
  constructor(
    private readonly options: { gatewayUrl: string; username: string; password: string; timeoutMs?: number },
  ) {
    super();
  }

  async send(sms: OutgoingSms): Promise<SendReceipt> {
    const body = new URLSearchParams({
      username: this.options.username,
      password: this.options.password,
      dstaddr: sms.to,
      smbody: sms.text,
      clientid: mitakeClientId(sms.idempotencyKey),
    });
    let res: Response;
    try {
      res = await fetch(`${this.options.gatewayUrl.replace(/\/$/, '')}/api/mtk/SmSend?CharsetURL=UTF-8`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (e) {
      // Not knowing whether the gateway took it, we retry: clientid stops a double send there.
      const name = (e as Error)?.name === 'TimeoutError' ? 'timeout' : 'network error';
      throw new DeliveryFailed(`sms gateway ${name}`, false);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new DeliveryFailed(`sms gateway http ${res.status}`, false);
    const reply = parseMitakeReply(text);
    if (reply.statuscode === undefined) throw new DeliveryFailed('sms gateway malformed reply', false);
    if (ACCEPTED.has(reply.statuscode)) return { providerMessageId: reply.msgid ?? null };
    const known = STATUS[reply.statuscode];
    throw new DeliveryFailed(
      `sms gateway statuscode ${reply.statuscode.slice(0, 4)}: ${known?.text ?? 'unknown error'}`,
      known?.permanent ?? false,
    );
  }
}

export function mitakeClientId(idempotencyKey: string): string {
  return idempotencyKey.length <= 36
    ? idempotencyKey
    : createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

/** `key=value` lines of a SmSend reply (the `[1]` section header is skipped). */
export function parseMitakeReply(body: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const line of body.split(/\r?\n/)) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

const ACCEPTED = new Set(['0', '1', '2', '4']);

/** Mitake status codes; permanent ones concern this message, the rest the account or the service. */
const STATUS: Record<string, { text: string; permanent: boolean }> = {
  '*': { text: 'gateway system error', permanent: false },
  a: { text: 'sending temporarily suspended', permanent: false },
  b: { text: 'sending temporarily suspended', permanent: false },
  c: { text: 'username missing', permanent: false },
  d: { text: 'password missing', permanent: false },
  e: { text: 'wrong username or password', permanent: false },
  f: { text: 'account expired', permanent: false },
  h: { text: 'account disabled', permanent: false },
  k: { text: 'client address not allowed', permanent: false },
  l: { text: 'too many connections', permanent: false },
  m: { text: 'password must be changed', permanent: false },
  n: { text: 'password expired', permanent: false },
  p: { text: 'no permission for the HTTP API', permanent: false },
  r: { text: 'service suspended', permanent: false },
  s: { text: 'billing failed (no credit)', permanent: false },
  t: { text: 'message expired', permanent: true },
  u: { text: 'empty message', permanent: true },
  v: { text: 'invalid mobile number', permanent: true },
  y: { text: 'invalid parameters', permanent: true },
  '5': { text: 'message content rejected', permanent: true },
  '6': { text: 'number rejected', permanent: true },
  '7': { text: 'SMS blocked for this number', permanent: true },
};
