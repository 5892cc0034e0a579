import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { notFound, validationFailed } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { TtlCache } from '../../common/cache/ttl-cache.js';
import { AuditService } from '../audit/audit.service.js';
import type { Branch, OpeningHours } from './branch.entity.js';
import { BranchesRepository, type BranchValues } from './branches.repository.js';
import type { BranchView, CreateBranchDto, UpdateBranchDto } from './dto/branch.dto.js';

describeConstraint('branches_name_key', { code: 'CONFLICT', message: 'A branch with this name already exists' });

export interface CallCenter {
  branchId: string | null;
  timezone: string;
  hours: OpeningHours[];
}

@Injectable()
export class BranchesService {
  // Read for every inquiry (first-contact deadlines); a change reaches every instance within CACHE_TTL_MS.
  private readonly active: TtlCache<Branch[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly branches: BranchesRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.active = new TtlCache(config.cacheTtlMs);
  }

  async list(includeInactive = false): Promise<BranchView[]> {
    return (await this.branches.list(includeInactive)).map(toView);
  }

  /** Pass the transaction's manager when calling inside one. */
  async get(id: string, em?: EntityManager): Promise<BranchView> {
    const branch = await this.branches.findById(id, em);
    if (!branch) throw notFound('Branch');
    return toView(branch);
  }

  /**
   * Time zone and opening hours of the call center that answers for a branch. Without a branch, the first active
   * branch answers; with no branches at all, the center is open around the clock in UTC.
   */
  async callCenter(branchId?: string | null, em?: EntityManager): Promise<CallCenter> {
    const branches = await this.active.get('active', () => this.branches.list(false, em));
    const branch = (branchId && branches.find((b) => b.id === branchId)) || [...branches].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
    return branch ? { branchId: branch.id, timezone: branch.timezone, hours: branch.callCenterHours } : { branchId: null, timezone: 'UTC', hours: [] };
  }

  async create(actor: Actor, dto: CreateBranchDto): Promise<BranchView> {
    const hours = checkHours(dto.callCenterHours ?? []);
    const id = await this.dataSource.transaction(async (em) => {
      const newId = await this.branches.insert(
        { name: dto.name, address: dto.address ?? '', phone: dto.phone ?? null, timezone: dto.timezone, callCenterHours: hours, active: true },
        em,
      );
      await this.audit.record(actor, { action: 'branch.created', entity: 'branch', entityId: newId, fields: Object.keys(dto) }, em);
      return newId;
    });
    this.active.clear();
    return this.get(id);
  }

  async update(actor: Actor, id: string, dto: UpdateBranchDto): Promise<BranchView> {
    const changes: Partial<BranchValues> = { ...dto };
    if (dto.callCenterHours) changes.callCenterHours = checkHours(dto.callCenterHours);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.branches.update(id, changes, em))) throw notFound('Branch');
      await this.audit.record(actor, { action: 'branch.updated', entity: 'branch', entityId: id, fields: Object.keys(dto) }, em);
    });
    this.active.clear();
    return this.get(id);
  }
}

function checkHours(hours: OpeningHours[]): OpeningHours[] {
  hours.forEach((h, i) => {
    if (h.start >= h.end)
      throw validationFailed('Opening hours must end after they start', [{ field: `callCenterHours.${i}`, messages: ['end must be later than start'] }]);
  });
  return hours.map((h) => ({ weekdays: [...h.weekdays].sort(), start: h.start, end: h.end }));
}

function toView(branch: Branch): BranchView {
  const { id, name, address, phone, timezone, callCenterHours, active, createdAt } = branch;
  return { id, name, address, phone, timezone, callCenterHours, active, createdAt };
}
