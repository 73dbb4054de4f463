import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActivationModule } from '#activation';
import {
  ATTEMPT_GATE_OPTIONS,
  PiiService,
  UpsertSchoolUseCase,
  type AttemptGateOptions,
} from '#identity-core';
import type { NotificationRequest } from '#notifications';
import { identityCoreContext, type TestContext } from '#test-support';

/** Identity core + activation against the real MariaDB and Redis, with a FixedClock. */
export async function activationContext(gate: Partial<AttemptGateOptions> = {}): Promise<TestContext> {
  const prefix = `ta${randomBytes(5).toString('hex')}`;
  const t = await identityCoreContext({
    imports: [
      ActivationModule.forRootAsync({
        useFactory: () => ({
          codeSecret: Buffer.alloc(32, 7).toString('base64'),
          redisPrefix: prefix,
          activationUrl: 'https://sso.example.edu.tw/activate',
        }),
      }) as never,
    ],
    overrides: [{ provide: ATTEMPT_GATE_OPTIONS, useValue: { namespace: prefix, ...gate } }],
  });
  await t.app
    .get(UpsertSchoolUseCase)
    .execute({ eduid: '074601', name: '臺中市立示範國中', county: '臺中市' });
  await t.app
    .get(UpsertSchoolUseCase)
    .execute({ eduid: '193601', name: '臺北市立示範國小', county: '臺北市' });
  return t;
}

/** Every message the code under test queued, opened with the PII keys (as the worker does). */
export async function outbox(t: TestContext): Promise<(NotificationRequest & { id: string })[]> {
  const rows: { id: string; payload_cipher: string }[] = await t.app
    .get(DataSource)
    .query('SELECT id, payload_cipher FROM notification_outbox ORDER BY id');
  const pii = t.app.get(PiiService);
  return rows.map((r) => ({
    id: String(r.id),
    ...(JSON.parse(pii.decrypt(r.payload_cipher)) as NotificationRequest),
  }));
}

/** The code in the last message queued to `to` with `template`. */
export async function lastCode(t: TestContext, to: string, template: string): Promise<string> {
  const m = (await outbox(t)).filter((x) => x.to === to && x.template === template).at(-1);
  if (!m) throw new Error(`no ${template} message to ${to}`);
  return m.data.code!;
}

export const HEADER = 'national_id,name,birth_date,school_id,titles,grade,class_no,class_title,year,semester';
