/** Whether every mail the run queued (outbox rows after `afterId`) was sent, and sent once. */
import type { Connection } from 'mysql2/promise';
import type { SmtpSink } from '#test-support';

export interface OutboxCheck {
  /** Email rows queued in the outbox during the run. */
  rows: number;
  /** Rows with a `sent` delivery record. */
  delivered: number;
  /** Rows with no `sent` delivery record when the wait ended. */
  lost: number;
  /** Messages the SMTP sink received beyond one per row (the delivery record is unique per row, so a second send shows only here). */
  duplicates: number;
  waitedSeconds: number;
}

/** Waits (bounded) until every row is delivered and the sink has a message for each, then 2 s for late duplicates. */
export async function checkOutbox(
  db: Connection,
  dbName: string,
  afterId: number,
  sink: SmtpSink,
  timeoutMs: number,
): Promise<OutboxCheck> {
  const t0 = Date.now();
  const count = async () => {
    const [[r]] = (await db.query(
      `SELECT COUNT(*) AS n, SUM(d.status = 'sent') AS sent
         FROM \`${dbName}\`.notification_outbox o
         LEFT JOIN \`${dbName}\`.notification_deliveries d ON d.idempotency_key = o.idempotency_key
        WHERE o.id > ? AND o.channel = 'email'`,
      [afterId],
    )) as unknown as [{ n: number; sent: number | null }[]];
    return { rows: Number(r!.n), sent: Number(r!.sent ?? 0) };
  };
  let c = await count();
  while ((c.sent < c.rows || sink.messages.length < c.rows) && Date.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 500));
    c = await count();
  }
  const waitedSeconds = Math.round((Date.now() - t0) / 100) / 10;
  await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate to show up
  c = await count();
  return {
    rows: c.rows,
    delivered: c.sent,
    lost: c.rows - c.sent,
    duplicates: Math.max(0, sink.messages.length - c.rows),
    waitedSeconds,
  };
}
