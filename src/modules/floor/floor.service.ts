import { Injectable } from '@nestjs/common';
import { branchScope, inScope } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { DAY_MS, localDayOf, localToUtc } from '../../common/time/zoned-time.js';
import { PresenceService } from '../../realtime/presence/presence.service.js';
import { AuditService } from '../audit/audit.service.js';
import { BranchesService } from '../branches/branches.service.js';
import { LeadsService } from '../leads/leads.service.js';
import { StaffService } from '../staff/staff.service.js';
import type { FloorView } from './floor.dto.js';

/** The live floor for managers: who works in which state, and each branch's queue and today's missed deadlines. */
@Injectable()
export class FloorService {
  constructor(
    private readonly staff: StaffService,
    private readonly presence: PresenceService,
    private readonly leads: LeadsService,
    private readonly branches: BranchesService,
    private readonly audit: AuditService,
  ) {}

  async floor(actor: Actor): Promise<FloorView> {
    const now = new Date();
    const scope = branchScope(actor);
    const branches = (await this.branches.list()).filter((b) => inScope(scope, b.id));
    const people = await this.staff.activeAt(['operator', 'receptionist', 'manager'], scope.branchIds);
    const statuses = await this.presence.statusesOf(people.map((p) => p.id));
    // "Today" is each branch's own day; the clinic-wide queue's is the first branch's.
    const midnight = (zone: string) => new Date(localToUtc(zone, localDayOf(zone, now.getTime()) * DAY_MS).utcMs);
    const todayStarts = [
      ...branches.map((b) => ({ branchId: b.id as string | null, at: midnight(b.timezone) })),
      { branchId: null, at: midnight((await this.branches.callCenter(null)).timezone) },
    ];
    const rows = await this.leads.floor(actor, todayStarts);
    await this.audit.recordOutsideTransaction(actor, { action: 'floor.viewed', entity: 'report', entityId: 'floor' });
    return {
      at: now,
      staff: people.map((p) => ({
        id: p.id,
        fullName: p.fullName,
        role: p.role,
        branchIds: p.branchIds,
        status: statuses.get(p.id)!.status,
        since: statuses.get(p.id)!.changedAt,
      })),
      branches: [...branches.map((b) => ({ branchId: b.id as string | null, name: b.name as string | null })), { branchId: null, name: null }].map((b) => {
        const row = rows.find((r) => r.branchId === b.branchId);
        return {
          ...b,
          queue: row?.queue ?? 0,
          oldestWaitingSince: row?.oldestWaitingSince ?? null,
          leadsToday: row?.leadsToday ?? 0,
          breachesToday: row?.breachesToday ?? 0,
        };
      }),
    };
  }
}
