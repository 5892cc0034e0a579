import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope, assertMayProcess, branchScope, inScope, restrictedPerson } from '../../common/access/access-policy.js';
import { personAudience } from '../../common/access/event-audience.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, conflict, forbidden, notFound } from '../../common/errors/app-error.js';
import { LeadAlreadyClaimedError } from './lead-errors.js';
import { isHeldLead, isOpenLead } from './lead-lifecycle.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { type Audience, Outbox } from '../../realtime/outbox.js';
import type { AvailableOperator } from '../../realtime/presence/presence.repository.js';
import { PresenceService } from '../../realtime/presence/presence.service.js';
import { AuditService } from '../audit/audit.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { StaffService } from '../staff/staff.service.js';
import type { AssignmentStrategy } from '../settings/assignment-strategy.js';
import { chooseOperator } from './assignment.js';
import { leadEventData } from './lead-view.js';
import { LeadAssignmentRepository } from './lead-assignment.repository.js';
import { type LeadRow, LeadsRepository } from './leads.repository.js';

/** A lead waiting in the open queue, before anyone held it. */
const IN_QUEUE = { status: 'new', assignedOperatorId: null } as const;

/** Who owns a lead: claiming, releasing, assigning, and the background work that keeps the queue moving. */
@Injectable()
export class LeadAssignment implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leads: LeadsRepository,
    private readonly assignments: LeadAssignmentRepository,
    private readonly presence: PresenceService,
    private readonly settings: SettingsService,
    private readonly staff: StaffService,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every('leads.sla_breaches', 15, () => this.markSlaBreaches().then(() => undefined));
    this.jobs.every('leads.queue', 10, async () => {
      await this.returnLeadsOfOfflineOperators();
      await this.assignQueued();
    });
  }

  /**
   * A lead's events go to the operators and managers of its branch (every operator, for a clinic-wide lead) and its
   * operator; a restricted person's only to managers, without personal values.
   */
  audienceOf(lead: LeadRow, previousOperatorId?: string | null): Audience {
    return personAudience(['operator'], lead.branchId, lead.patientRestricted, [lead.assignedOperatorId, previousOperatorId]);
  }

  /**
   * The operators new leads go to under the clinic's strategy, one per lead of `branchIds` (a lead's branch, null for
   * a clinic-wide lead), decided in order as if they came one by one; null under broadcast, or when nobody available
   * has room. Takes the assignment lock of every candidate operator, all at once and in one fixed order, so that two
   * leads arriving together cannot both fill an operator's last slot, while leads that cannot go to the same
   * operators (other branches' teams) are never held up by each other. Call it once per transaction.
   */
  async pickOperators(em: EntityManager, strategy: AssignmentStrategy, branchIds: Array<string | null>): Promise<Array<string | null>> {
    if (strategy === 'broadcast' || !branchIds.length) return branchIds.map(() => null);
    const candidates = new Map<string | null, AvailableOperator[]>();
    for (const branchId of new Set(branchIds)) candidates.set(branchId, await this.presence.availableOperators(branchId ?? undefined, em));
    const ids = [...new Set([...candidates.values()].flat().map((o) => o.userId))];
    if (!ids.length) return branchIds.map(() => null);
    await this.assignments.lockOperatorsForAssignment(ids, em);
    const loads = new Map((await this.assignments.operatorLoads(ids, em)).map((l) => [l.id, { openLeads: l.openLeads, lastAssignedAt: l.lastAssignedAt }]));
    // Leads given out here count as assigned after every earlier assignment, in their order.
    let clock = Math.max(Date.now(), ...[...loads.values()].map((l) => l.lastAssignedAt?.getTime() ?? 0));
    return branchIds.map((branchId) => {
      const chosen = chooseOperator(
        strategy,
        candidates.get(branchId)!.map((o) => ({
          id: o.userId,
          capacity: o.capacity,
          openLeads: loads.get(o.userId)?.openLeads ?? 0,
          lastAssignedAt: loads.get(o.userId)?.lastAssignedAt ?? null,
        })),
      );
      if (chosen) {
        const load = loads.get(chosen) ?? { openLeads: 0, lastAssignedAt: null };
        loads.set(chosen, { openLeads: load.openLeads + 1, lastAssignedAt: new Date(++clock) });
      }
      return chosen;
    });
  }

  /** Atomic: of many operators claiming one lead, exactly one wins; the others get 409 LEAD_ALREADY_CLAIMED. */
  async claim(actor: Actor, id: string): Promise<LeadRow> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.assignments.claim(id, actor.id, branchScope(actor), em))) {
        const lead = await this.leads.findById(id, em);
        if (!lead) throw notFound('Lead');
        assertInScope(actor, lead.branchId, 'Lead');
        assertMayProcess(actor, lead.patientRestricted);
        throw new LeadAlreadyClaimedError(
          lead.assignedOperatorId ? 'Another operator already took this lead' : `A ${lead.status} lead cannot be claimed`,
          lead.assignedOperatorId,
        );
      }
      const lead = (await this.leads.findById(id, em))!;
      await this.audit.record(actor, { action: 'lead.claimed', entity: 'lead', entityId: id }, em);
      await this.announceOwnerChange(em, lead, IN_QUEUE);
      return lead;
    });
  }

  /** Back to the queue: by its operator, or by a manager. */
  async release(actor: Actor, id: string): Promise<LeadRow> {
    return this.dataSource.transaction(async (em) => {
      const lead = await this.leads.lockById(id, em);
      if (!lead) throw notFound('Lead');
      assertInScope(actor, lead.branchId, 'Lead');
      assertMayProcess(actor, lead.patientRestricted);
      if (actor.role === 'operator' && lead.assignedOperatorId !== actor.id) throw forbidden('Only the lead’s operator or a manager can release it');
      if (!isHeldLead(lead.status)) throw conflict(`A ${lead.status} lead is not held by anyone`);
      await this.leads.update(id, { status: 'new', assignedOperatorId: null }, em);
      await this.audit.record(actor, { action: 'lead.released', entity: 'lead', entityId: id }, em);
      const released = (await this.leads.findById(id, em))!;
      await this.announceOwnerChange(em, released, lead);
      return released;
    });
  }

  /** A manager gives the lead to an operator (also one who holds it already, or another one). */
  async assign(actor: Actor, id: string, operatorId: string): Promise<LeadRow> {
    return this.dataSource.transaction(async (em) => {
      const lead = await this.leads.lockById(id, em);
      if (!lead) throw notFound('Lead');
      assertInScope(actor, lead.branchId, 'Lead');
      // An operator cannot process a restricted person's data, so nobody can be given their lead.
      if (lead.patientRestricted) throw restrictedPerson();
      if (!isOpenLead(lead.status)) throw conflict(`A ${lead.status} lead cannot be assigned`);
      const operator = await this.staff.findActive(operatorId);
      if (!operator || operator.role !== 'operator') throw notFound('Active operator');
      if (!inScope(branchScope(operator), lead.branchId)) throw new AppError('UNPROCESSABLE', 'This operator does not work at the lead’s branch');
      await this.leads.update(id, { status: lead.status === 'new' ? 'assigned' : lead.status, assignedOperatorId: operatorId }, em);
      await this.audit.record(actor, { action: 'lead.assigned', entity: 'lead', entityId: id, fields: ['assignedOperatorId'] }, em);
      await this.announceOwnerChange(em, (await this.leads.findById(id, em))!, lead);
      return (await this.leads.findById(id, em))!;
    });
  }

  /** Marks overdue first contacts once, even with several instances running; tells the operator and managers. */
  async markSlaBreaches(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const breached = await this.assignments.markSlaBreaches(em);
      for (const lead of breached) {
        await this.outbox.publish(em, 'lead.sla_breached', personAudience([], lead.branchId, lead.restricted, [lead.assignedOperatorId]), {
          leadId: lead.id,
          patientId: lead.patientId,
          assignedOperatorId: lead.assignedOperatorId,
          branchId: lead.branchId,
          slaDueAt: lead.slaDueAt.toISOString(),
        });
      }
      return breached.length;
    });
  }

  /** Operators offline (or away) longer than the grace period give their uncontacted leads back to the queue. */
  async returnLeadsOfOfflineOperators(): Promise<number> {
    const { offlineGraceSec } = await this.settings.get();
    return this.dataSource.transaction(async (em) => {
      const released = await this.assignments.releaseUntouchedOfAway(offlineGraceSec, em);
      for (const { id, assignedOperatorId } of released) {
        await this.announceOwnerChange(em, (await this.leads.findById(id, em))!, { status: 'assigned', assignedOperatorId });
      }
      return released.length;
    });
  }

  /** Under round robin or least loaded, waiting leads go to operators who became available, oldest first. */
  async assignQueued(): Promise<number> {
    const { assignmentStrategy } = await this.settings.get();
    if (assignmentStrategy === 'broadcast') return 0;
    return this.dataSource.transaction(async (em) => {
      const waiting = await this.assignments.lockOldestUnassigned(50, em);
      const operators = await this.pickOperators(
        em,
        assignmentStrategy,
        waiting.map((w) => w.branchId),
      );
      let assigned = 0;
      for (const [i, lead] of waiting.entries()) {
        const operatorId = operators[i];
        if (!operatorId) continue;
        await this.leads.update(lead.id, { status: 'assigned', assignedOperatorId: operatorId }, em);
        await this.announceOwnerChange(em, (await this.leads.findById(lead.id, em))!, IN_QUEUE);
        assigned++;
      }
      return assigned;
    });
  }

  /**
   * The new owner is told; so is everyone who could see the lead before the change (`before`: its owner and
   * status then): operators whose queue showed it see it go, the operator it was taken from sees it leave.
   */
  private async announceOwnerChange(em: EntityManager, lead: LeadRow, before: Pick<LeadRow, 'status' | 'assignedOperatorId'>): Promise<void> {
    const data = leadEventData(lead);
    if (lead.assignedOperatorId && !lead.patientRestricted) await this.outbox.publish(em, 'lead.assigned', { users: [lead.assignedOperatorId] }, data);
    await this.outbox.publish(em, 'lead.updated', this.audienceOf(lead, before.assignedOperatorId), data);
  }
}
