import { Injectable } from '@nestjs/common';
import { branchScope, inScope } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { LeadRow } from '../leads/leads.repository.js';
import { LeadsService } from '../leads/leads.service.js';
import { CallbacksRepository } from './callbacks.repository.js';
import type { QueueItem, QueueLead, WorkQueue } from './dto/queue.dto.js';
import { byUrgency } from './work-queue.js';

// Callbacks coming due this soon are shown already, so the operator can plan the next hour.
const CALLBACK_HORIZON_MS = 60 * 60_000;

/** An operator's desk: their leads, the queue they may claim from and the callbacks they promised, most urgent first. */
@Injectable()
export class WorkQueueService {
  constructor(
    private readonly leads: LeadsService,
    private readonly callbacks: CallbacksRepository,
    private readonly audit: AuditService,
  ) {}

  async forOperator(actor: Actor, limit = 100): Promise<WorkQueue> {
    const [leadRows, callbackRows] = await Promise.all([
      this.leads.workQueue(actor, limit),
      this.callbacks.openForOperator(actor.id, new Date(Date.now() + CALLBACK_HORIZON_MS), limit),
    ]);
    const known = new Map(leadRows.map((l) => [l.id, l]));
    for (const callback of callbackRows) {
      if (!known.has(callback.leadId)) {
        const lead = await this.leads.findRow(callback.leadId);
        if (lead) known.set(lead.id, lead);
      }
    }
    const items: (QueueItem & { id: string; createdAt: Date })[] = [];
    for (const lead of leadRows) {
      items.push({
        kind: 'lead',
        id: lead.id,
        createdAt: lead.createdAt,
        reason: lead.assignedOperatorId === actor.id ? 'claimed' : 'available',
        dueAt: lead.firstContactAt ? null : lead.slaDueAt,
        lead: toQueueLead(lead),
      });
    }
    for (const callback of callbackRows) {
      const lead = known.get(callback.leadId);
      // Restriction hides a person from every queue; a lead another branch took is no longer this desk's.
      if (!lead || lead.patientRestricted || !inScope(branchScope(actor), lead.branchId)) continue;
      items.push({
        kind: 'callback',
        id: callback.id,
        createdAt: callback.createdAt,
        reason: 'callback',
        dueAt: callback.dueAt,
        lead: toQueueLead(lead),
        callback: { id: callback.id, dueAt: callback.dueAt, overdue: callback.overdue, note: callback.note },
      });
    }
    await this.audit.recordOutsideTransaction(actor, { action: 'queue.viewed', entity: 'lead', fields: ['queue'] });
    return {
      data: byUrgency(items)
        .slice(0, limit)
        .map(({ id: _id, createdAt: _createdAt, ...item }) => item),
    };
  }
}

function toQueueLead(l: LeadRow): QueueLead {
  return {
    id: l.id,
    status: l.status,
    channel: l.channel,
    utmSource: l.utmSource,
    utmCampaign: l.utmCampaign,
    patientId: l.patientId,
    name: l.patientName,
    phone: l.patientPhone,
    consentStatus: l.consentStatus,
    assignedOperatorId: l.assignedOperatorId,
    slaDueAt: l.slaDueAt,
    slaBreached: l.slaBreached,
    firstContactAt: l.firstContactAt,
    createdAt: l.createdAt,
  };
}
