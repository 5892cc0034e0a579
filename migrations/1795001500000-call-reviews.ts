import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A manager's review of an operator's call against the clinic's checklist: which points were met (the checklist as it
 * was then, so editing it later changes no past review), the score, a comment the operator reads. One per call.
 */
export class CallReviews1795001500000 implements MigrationInterface {
  name = 'CallReviews1795001500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE call_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL UNIQUE REFERENCES calls (id),
        operator_id uuid NOT NULL REFERENCES staff_users (id),
        reviewer_id uuid NOT NULL REFERENCES staff_users (id),
        checklist jsonb NOT NULL CHECK (jsonb_typeof(checklist) = 'array' AND jsonb_array_length(checklist) BETWEEN 1 AND 15),
        score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
        comment text CHECK (length(comment) <= 2000),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX call_reviews_operator_idx ON call_reviews (operator_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE call_reviews`);
  }
}
