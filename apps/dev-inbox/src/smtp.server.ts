import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { InboxStore } from './inbox.store.js';

const addresses = (a: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(a) ? a : a ? [a] : []).map((x) => x.text).join(', ');

/** A plain SMTP server on loopback (no TLS, no auth): every mail lands in the inbox. */
export function startSmtp(store: InboxStore, port: number): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 2 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const envelope = session.envelope.rcptTo.map((r) => r.address).join(', ');
          store.add({
            kind: 'mail',
            to: envelope || addresses(mail.to),
            from: addresses(mail.from),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          });
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
