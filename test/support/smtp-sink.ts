import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  receivedAt: Date;
}

/**
 * A real SMTP server on loopback (random port, no TLS, no auth) that keeps what it accepts.
 * `hold()` makes it sit on each message after DATA, without answering, until `release()`: a
 * client that disconnects meanwhile loses that message, as with a real server.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Addresses answered with 550 at RCPT TO (a mailbox that does not exist). */
  readonly rejected = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private readonly closedSessions = new Set<string>();
  private held: { session: string; accept: () => void }[] = [];
  private holding = false;

  private readonly server: SMTPServer;
  private listeningPort = 0;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        if (!this.rejected.has(address.address.toLowerCase())) return callback();
        callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      },
      onData: (
        stream: SMTPServerDataStream,
        session: SMTPServerSession,
        callback: (err?: Error | null) => void,
      ) => {
        this.receive(stream, session).then(
          () => callback(),
          (e: Error) => callback(e),
        );
      },
      onClose: (session: SMTPServerSession) => {
        this.closedSessions.add(session.id);
      },
    });
  }

  get port(): number {
    return this.listeningPort;
  }

  /** For SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, '127.0.0.1', () => resolve());
    });
    // smtp-server wraps a net.Server.
    sink.listeningPort = (
      (sink.server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo
    ).port;
    return sink;
  }

  /** Messages whose envelope included this address. */
  messagesTo(address: string): ReceivedMail[] {
    const a = address.toLowerCase();
    return this.messages.filter((m) => m.to.includes(a));
  }

  /** The first message to this address, waiting for it if needed. */
  async waitFor(to: string, timeoutMs = 10_000): Promise<ReceivedMail> {
    return (await this.waitForCount(to, 1, timeoutMs))[0];
  }

  /** Waits until at least `count` messages reached this address; returns them all. */
  async waitForCount(to: string, count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messagesTo(to);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`smtp sink: ${found.length} of ${count} message(s) to ${to} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** Stop answering DATA: messages wait (see release) and senders block. */
  hold(): void {
    this.holding = true;
  }

  /** How many messages are waiting for an answer. */
  heldCount(): number {
    return this.held.length;
  }

  /** Answer the waiting messages: kept if their sender is still connected, dropped if not. */
  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const h of held) h.accept();
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream);
    const mail: ReceivedMail = {
      to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? '',
      receivedAt: new Date(),
    };
    if (this.holding) {
      await new Promise<void>((resolve) => this.held.push({ session: session.id, accept: resolve }));
      if (this.closedSessions.has(session.id)) throw new Error('sender went away');
    }
    this.messages.push(mail);
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      w();
    }
  }
}
