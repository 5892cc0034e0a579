import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Demo data only: moves freshly created leads back in time so the demo clinic has a history. */
@Injectable()
export class DemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  async backdateLead(leadId: string, createdAt: Date, firstContactAfterMin: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE leads SET created_at = $2, updated_at = $2, last_message_at = $2, sla_due_at = $2::timestamptz + interval '5 minutes',
              claimed_at = CASE WHEN claimed_at IS NULL THEN NULL ELSE $2::timestamptz + interval '1 minute' END,
              first_contact_at = CASE WHEN $3::int IS NULL THEN NULL ELSE $2::timestamptz + make_interval(mins => $3::int) END,
              sla_breached = coalesce($3::int > 5, true)
       WHERE id = $1`,
      [leadId, createdAt, firstContactAfterMin],
    );
    // The first call happened when the lead says it was first contacted.
    await this.dataSource.query(
      `UPDATE calls SET started_at = l.first_contact_at - (calls.answered_at - calls.started_at), ended_at = l.first_contact_at + (calls.ended_at - calls.answered_at),
              answered_at = l.first_contact_at
       FROM leads l WHERE calls.lead_id = l.id AND l.id = $1 AND l.first_contact_at IS NOT NULL AND calls.answered_at IS NOT NULL`,
      [leadId],
    );
  }
}
