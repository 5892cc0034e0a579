import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import type { TemplatePurpose } from './message-types.js';
import type { Language } from './templates.js';

export interface BranchMessagingRow {
  branchId: string;
  clinicName: string | null;
  language: Language;
  confirmations: boolean;
  reminderOffsetsMin: number[];
  quietStart: string;
  quietEnd: string;
  feedbackRequests: boolean;
  feedbackDelayMin: number;
  lowRatingMax: number;
}

export interface TemplateRow {
  id: string;
  branchId: string | null;
  language: Language;
  purpose: TemplatePurpose;
  body: string;
  updatedAt: Date;
}

export interface RecallRuleRow {
  serviceId: string;
  intervalDays: number;
  followUpDays: number;
  updatedAt: Date;
}

const SETTINGS = `branch_id AS "branchId", clinic_name AS "clinicName", language, confirmations, reminder_offsets_min AS "reminderOffsetsMin",
  to_char(quiet_start, 'HH24:MI') AS "quietStart", to_char(quiet_end, 'HH24:MI') AS "quietEnd", feedback_requests AS "feedbackRequests",
  feedback_delay_min AS "feedbackDelayMin", low_rating_max AS "lowRatingMax"`;
const SETTING_COLUMNS: Record<string, string> = {
  clinicName: 'clinic_name',
  language: 'language',
  confirmations: 'confirmations',
  reminderOffsetsMin: 'reminder_offsets_min',
  quietStart: 'quiet_start',
  quietEnd: 'quiet_end',
  feedbackRequests: 'feedback_requests',
  feedbackDelayMin: 'feedback_delay_min',
  lowRatingMax: 'low_rating_max',
};
const TEMPLATE = `id, branch_id AS "branchId", language, purpose, body, updated_at AS "updatedAt"`;
const RULE = `service_id AS "serviceId", interval_days AS "intervalDays", follow_up_days AS "followUpDays", updated_at AS "updatedAt"`;

/** Messaging settings per branch, message templates and recall rules. */
@Injectable()
export class MessagingSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  settingsOf(branchId: string, em: EntityManager = this.dataSource.manager): Promise<BranchMessagingRow | undefined> {
    return one<BranchMessagingRow>(em, `SELECT ${SETTINGS} FROM messaging_settings WHERE branch_id = $1`, [branchId]);
  }

  allSettings(): Promise<BranchMessagingRow[]> {
    return rows<BranchMessagingRow>(this.dataSource, `SELECT ${SETTINGS} FROM messaging_settings`);
  }

  async putSettings(branchId: string, values: Partial<Omit<BranchMessagingRow, 'branchId'>>, actorId: string, em: EntityManager): Promise<void> {
    const entries = Object.entries(values).filter(([k, v]) => v !== undefined && SETTING_COLUMNS[k]);
    const columns = entries.map(([k]) => SETTING_COLUMNS[k]!);
    const params = entries.map(([, v]) => v);
    const placeholders = params.map((_, i) => `$${i + 3}`);
    await execute(
      em,
      `INSERT INTO messaging_settings (branch_id, updated_by${columns.map((c) => `, ${c}`).join('')}) VALUES ($1, $2${placeholders.map((p) => `, ${p}`).join('')})
       ON CONFLICT (branch_id) DO UPDATE SET updated_at = now(), updated_by = $2${columns.map((c, i) => `, ${c} = ${placeholders[i]}`).join('')}`,
      [branchId, actorId, ...params],
    );
  }

  templates(filter: { branchId?: string; language?: Language }): Promise<TemplateRow[]> {
    return rows<TemplateRow>(
      this.dataSource,
      `SELECT ${TEMPLATE} FROM message_templates WHERE ($1::uuid IS NULL OR branch_id = $1 OR branch_id IS NULL) AND ($2::text IS NULL OR language = $2)
       ORDER BY branch_id NULLS FIRST, language, purpose`,
      [filter.branchId ?? null, filter.language ?? null],
    );
  }

  /** The branch's own template for a purpose and language, else the clinic-wide one. */
  async templateFor(
    branchId: string | null,
    language: Language,
    purpose: TemplatePurpose,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string | undefined> {
    const row = await one<{ body: string }>(
      em,
      `SELECT body FROM message_templates WHERE language = $2 AND purpose = $3 AND (branch_id = $1 OR branch_id IS NULL) ORDER BY branch_id NULLS LAST LIMIT 1`,
      [branchId, language, purpose],
    );
    return row?.body;
  }

  async putTemplate(
    v: { branchId: string | null; language: Language; purpose: TemplatePurpose; body: string },
    actorId: string,
    em: EntityManager,
  ): Promise<TemplateRow> {
    const [row] = await returning<TemplateRow>(
      em,
      `INSERT INTO message_templates (branch_id, language, purpose, body, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT message_templates_key DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${TEMPLATE}`,
      [v.branchId, v.language, v.purpose, v.body, actorId],
    );
    return row!;
  }

  findTemplate(id: string): Promise<TemplateRow | undefined> {
    return one<TemplateRow>(this.dataSource, `SELECT ${TEMPLATE} FROM message_templates WHERE id = $1`, [id]);
  }

  async deleteTemplate(id: string, em: EntityManager): Promise<boolean> {
    return (await affected(em, `DELETE FROM message_templates WHERE id = $1`, [id])) > 0;
  }

  recallRules(): Promise<RecallRuleRow[]> {
    return rows<RecallRuleRow>(this.dataSource, `SELECT ${RULE} FROM recall_rules ORDER BY updated_at DESC, service_id`);
  }

  recallRule(serviceId: string, em: EntityManager = this.dataSource.manager): Promise<RecallRuleRow | undefined> {
    return one<RecallRuleRow>(em, `SELECT ${RULE} FROM recall_rules WHERE service_id = $1`, [serviceId]);
  }

  async putRecallRule(serviceId: string, intervalDays: number, followUpDays: number, actorId: string, em: EntityManager): Promise<RecallRuleRow> {
    const [row] = await returning<RecallRuleRow>(
      em,
      `INSERT INTO recall_rules (service_id, interval_days, follow_up_days, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (service_id) DO UPDATE SET interval_days = EXCLUDED.interval_days, follow_up_days = EXCLUDED.follow_up_days, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${RULE}`,
      [serviceId, intervalDays, followUpDays, actorId],
    );
    return row!;
  }

  async deleteRecallRule(serviceId: string, em: EntityManager): Promise<boolean> {
    return (await affected(em, `DELETE FROM recall_rules WHERE service_id = $1`, [serviceId])) > 0;
  }
}
