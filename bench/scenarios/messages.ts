import type { BenchContext, ScenarioResult } from '../lib/scenario.js';

const REMINDERS = 10_000;

/**
 * 10,000 SMS reminders due at the same moment, written as the booking path writes them (queued, with the patients'
 * consent on record), handed to a local SMS.ru stand-in by the app's own dispatcher: how long until the last one is
 * handed over, and whether any went twice.
 */
export async function remindersDueTogether(ctx: BenchContext): Promise<ScenarioResult> {
  const sms = ctx.smsRu;
  const admin = await ctx.auth('admin');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${ctx.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path} failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const document = await post('/consent-documents', {
    kind: 'personal_data',
    version: `bench-${Date.now()}`,
    title: 'Consent',
    body: 'I agree to the processing of my personal data.',
    operatorName: 'Clinic LLC',
    operatorAddress: 'Moscow',
    purposes: ['reminders'],
    dataCategories: ['phone'],
    actions: ['storage'],
    recipients: ['none'],
    retention: '5 years',
    withdrawalMethod: 'A letter',
  });
  await post(`/consent-documents/${document.id}/publish`, {});
  const tag = Date.now().toString(36);
  const {
    rows: [base],
  } = await ctx.db.query(`SELECT count(*)::int AS n FROM patients`);
  await ctx.db.query(
    `WITH p AS (INSERT INTO patients (last_name, first_name, phone)
                SELECT 'Bench' || $1 || i, 'Reminder', '+7950' || lpad((i + $2)::text, 7, '0') FROM generate_series(1, $3) i RETURNING id)
     INSERT INTO consents (document_id, document_kind, document_version, document_sha256, patient_id, channel, operator_id, withdrawal_token_hash)
     SELECT d.id, d.kind, d.version, d.sha256, p.id, 'in_person', (SELECT id FROM staff_users WHERE role = 'admin' LIMIT 1), sha256(convert_to(p.id::text, 'UTF8'))
       FROM p CROSS JOIN consent_documents d WHERE d.id = $4`,
    [tag, base.n, REMINDERS, document.id],
  );
  // All due at the same moment, a few seconds from now (the worst case of "due in the same minute").
  const {
    rows: [{ due }],
  } = await ctx.db.query(`SELECT (date_trunc('second', now()) + interval '3 seconds') AS due`);
  await ctx.db.query(
    `INSERT INTO messages (direction, status, channel, purpose, patient_id, body, address, next_attempt_at, expires_at)
     SELECT 'out', 'queued', 'sms', 'reminder', p.id, 'Клиника: напоминаем о приёме завтра в 10:00.', p.phone, $2, $2::timestamptz + interval '1 day'
       FROM patients p WHERE p.last_name LIKE 'Bench' || $1 || '%'`,
    [tag, due],
  );
  const dueMs = new Date(due).getTime();
  const deadline = dueMs + 120_000;
  while (sms.counts().messages < REMINDERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  // A little longer, so a late second copy would still be seen.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const { messages, duplicates, lastAt } = sms.counts();
  const {
    rows: [states],
  } = await ctx.db.query(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status <> 'sent')::int AS other FROM messages WHERE purpose = 'reminder' AND body LIKE 'Клиника:%'`,
  );
  const seconds = Math.round(Math.max(0, lastAt - dueMs) / 100) / 10;
  return {
    name: `${REMINDERS} SMS reminders due at once -> provider`,
    target: 'all handed over within 60 s, none twice',
    result: {
      reminders: REMINDERS,
      handedOver: messages,
      duplicates,
      lastHandedOverAfterSec: seconds,
      perSec: seconds ? Math.round(messages / seconds) : messages,
      providerRequests: sms.requests,
      markedSent: states.sent,
      notSent: states.other,
    },
    ok: messages === REMINDERS && duplicates === 0 && seconds <= 60 && states.sent === REMINDERS,
  };
}
