import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import { Where } from '../../common/sql/where.js';
import { affected, execute, returning, rows } from '../../database/sql.js';
import { JOINED_PATIENT_NOT_RESTRICTED, joinPatient, patientNotRestricted, patientRestricted } from '../patients/patient-sql.js';
import { HELD, OPEN } from './lead-sql.js';
import { awayLongerThan } from '../../realtime/presence/presence-sql.js';

/** A lead that just missed its first-contact deadline. */
export interface BreachedLead {
  id: string;
  assignedOperatorId: string | null;
  branchId: string | null;
  patientId: string;
  slaDueAt: Date;
  restricted: boolean;
}

/** Who holds which lead: claims, the assignment locks and loads, the waiting queue, deadlines and returns to the queue. */
@Injectable()
export class LeadAssignmentRepository {
  /**
   * Atomic: only an unowned lead in the queue, within the operator's branches and of a person whose data may be
   * processed, can be claimed; returns false otherwise (someone else got it first, say).
   */
  async claim(id: string, operatorId: string, scope: BranchScope, em: EntityManager): Promise<boolean> {
    const where = new Where();
    where.and('l.id = ?', id).and(`l.status = 'new' AND l.assigned_operator_id IS NULL`).inScope('l.branch_id', scope);
    where.and(patientNotRestricted('l.patient_id'));
    const operator = where.add(operatorId);
    const claimed = await affected(
      em,
      `UPDATE leads l SET status = 'assigned', assigned_operator_id = ${operator}, claimed_at = now(), updated_at = now() ${where}`,
      where.values,
    );
    return claimed > 0;
  }

  /**
   * Takes the assignment lock of each of these operators until the transaction ends, all in one fixed order (of the
   * lock keys), so that callers locking overlapping sets never deadlock.
   */
  async lockOperatorsForAssignment(operatorIds: string[], em: EntityManager): Promise<void> {
    await execute(
      em,
      `SELECT pg_advisory_xact_lock(hashtext('lead-assignment'), k)
         FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) id ORDER BY 1 OFFSET 0) keys`,
      [operatorIds],
    );
  }

  /** Open-lead counts and last assignment time of these operators, for choosing who gets the next lead. */
  operatorLoads(operatorIds: string[], em: EntityManager): Promise<{ id: string; openLeads: number; lastAssignedAt: Date | null }[]> {
    return rows(
      em,
      `SELECT o.id, count(l.id) FILTER (WHERE l.status IN (${HELD}))::int AS "openLeads", max(l.claimed_at) AS "lastAssignedAt"
       FROM unnest($1::uuid[]) AS o(id) LEFT JOIN leads l ON l.assigned_operator_id = o.id
       GROUP BY o.id`,
      [operatorIds],
    );
  }

  /** The oldest unassigned leads in the queue, locked (skipping those others hold), for assigning when an operator becomes available. */
  lockOldestUnassigned(limit: number, em: EntityManager): Promise<{ id: string; branchId: string | null }[]> {
    return rows(
      em,
      `SELECT l.id, l.branch_id AS "branchId" FROM leads l ${joinPatient('l.patient_id')}
       WHERE l.status = 'new' AND l.assigned_operator_id IS NULL AND ${JOINED_PATIENT_NOT_RESTRICTED}
       ORDER BY l.created_at LIMIT $1 FOR UPDATE OF l SKIP LOCKED`,
      [limit],
    );
  }

  /** Marks every overdue, uncontacted, open lead as breached, once; returns what it marked. */
  markSlaBreaches(em: EntityManager): Promise<BreachedLead[]> {
    return returning<BreachedLead>(
      em,
      `UPDATE leads SET sla_breached = true, updated_at = now()
       WHERE id IN (SELECT id FROM leads WHERE first_contact_at IS NULL AND NOT sla_breached AND sla_due_at <= now()
                      AND status IN (${OPEN}) ORDER BY sla_due_at LIMIT 500 FOR UPDATE SKIP LOCKED)
       RETURNING id, assigned_operator_id AS "assignedOperatorId", branch_id AS "branchId", patient_id AS "patientId", sla_due_at AS "slaDueAt",
                 ${patientRestricted('leads.patient_id')} AS restricted`,
    );
  }

  /**
   * Leads of operators away (not available) longer than `graceSec` that nobody has contacted yet: returned to the
   * queue, in one statement with the presence check, so an operator who comes back meanwhile keeps theirs.
   */
  async releaseUntouchedOfAway(graceSec: number, em: EntityManager): Promise<{ id: string; assignedOperatorId: string }[]> {
    return returning(
      em,
      `UPDATE leads l SET status = 'new', assigned_operator_id = NULL, claimed_at = NULL, updated_at = now()
       FROM (SELECT id, assigned_operator_id FROM leads
             WHERE status = 'assigned' AND first_contact_at IS NULL AND assigned_operator_id IS NOT NULL
               AND ${awayLongerThan('assigned_operator_id', '$1')}
             FOR UPDATE) old
       WHERE l.id = old.id
       RETURNING l.id, old.assigned_operator_id AS "assignedOperatorId"`,
      [graceSec],
    );
  }
}
