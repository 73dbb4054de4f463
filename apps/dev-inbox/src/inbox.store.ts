/** One message a development run sent: a mail caught by the SMTP server or an SMS posted to the gateway. */
export interface InboxMessage {
  id: number;
  kind: 'mail' | 'sms';
  to: string;
  from: string;
  subject: string;
  text: string;
  receivedAt: string;
}

const KEEP = 200;

/** The newest messages first, at most 200, in memory: a restart empties the inbox. */
export class InboxStore {
  private readonly messages: InboxMessage[] = [];
  private seq = 0;

  add(message: Omit<InboxMessage, 'id' | 'receivedAt'>): InboxMessage {
    const saved = { ...message, id: ++this.seq, receivedAt: new Date().toISOString() };
    this.messages.unshift(saved);
    this.messages.length = Math.min(this.messages.length, KEEP);
    return saved;
  }

  list(filter: { to?: string; kind?: string } = {}): InboxMessage[] {
    const to = filter.to?.toLowerCase();
    return this.messages.filter(
      (m) => (!to || m.to.toLowerCase() === to) && (!filter.kind || m.kind === filter.kind),
    );
  }
}
