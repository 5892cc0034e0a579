import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { notFound } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { TtlCache } from '../../common/cache/ttl-cache.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateIntakeSourceDto, IntakeKind, IntakeSourceView, IntakeSourceWithKey, UpdateIntakeSourceDto } from './dto/intake-source.dto.js';
import { type IntakeSource, IntakeSourcesRepository } from './intake-sources.repository.js';

describeConstraint('intake_sources_name_key', { code: 'CONFLICT', message: 'An intake source with this name already exists' });
describeConstraint('intake_sources_branch_id_fkey', { code: 'NOT_FOUND', message: 'The branch does not exist' });

const SECRET_SETTINGS = new Set(['secret', 'secretToken', 'botToken', 'accessToken']);

@Injectable()
export class IntakeSourcesService {
  // Public endpoints look a source up on every delivery; a deactivated source stops within CACHE_TTL_MS on every instance.
  private readonly cache: TtlCache<IntakeSource | undefined>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: IntakeSourcesRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.cacheTtlMs);
  }

  async list(): Promise<IntakeSourceView[]> {
    return (await this.sources.list()).map(toView);
  }

  async get(id: string): Promise<IntakeSourceView> {
    const source = await this.sources.findById(id);
    if (!source) throw notFound('Intake source');
    return toView(source);
  }

  async create(actor: Actor, dto: CreateIntakeSourceDto): Promise<IntakeSourceWithKey> {
    const key = newKey();
    const id = await this.dataSource.transaction(async (em) => {
      const newId = await this.sources.insert(
        {
          kind: dto.kind,
          name: dto.name,
          channel: dto.channel,
          branchId: dto.branchId ?? null,
          secret: key,
          secretHash: hashKey(key),
          settings: { ...(dto.settings ?? {}) },
        },
        em,
      );
      await this.audit.record(actor, { action: 'intake_source.created', entity: 'intake_source', entityId: newId, fields: Object.keys(dto) }, em);
      return newId;
    });
    return { ...(await this.get(id)), key, webhookPath: withKey(webhookPath(dto.kind, id), key) };
  }

  async update(actor: Actor, id: string, dto: UpdateIntakeSourceDto): Promise<IntakeSourceView> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.sources.findById(id);
      if (!current) throw notFound('Intake source');
      const settings = dto.settings ? { ...current.settings, ...dto.settings } : undefined;
      await this.sources.update(id, { name: dto.name, channel: dto.channel, branchId: dto.branchId, settings, active: dto.active }, em);
      await this.audit.record(actor, { action: 'intake_source.updated', entity: 'intake_source', entityId: id, fields: Object.keys(dto) }, em);
    });
    this.cache.clear();
    return this.get(id);
  }

  /** A new key replaces the old one at once (forms and webhooks using the old key are refused). */
  async rotateKey(actor: Actor, id: string): Promise<IntakeSourceWithKey> {
    const key = newKey();
    await this.dataSource.transaction(async (em) => {
      if (!(await this.sources.update(id, { secret: key, secretHash: hashKey(key) }, em))) throw notFound('Intake source');
      await this.audit.record(actor, { action: 'intake_source.key_rotated', entity: 'intake_source', entityId: id }, em);
    });
    this.cache.clear();
    const view = await this.get(id);
    return { ...view, key, webhookPath: withKey(view.webhookPath, key) };
  }

  /** The active source this intake key belongs to. Looked up by the key's hash, so the key is never compared as text. */
  byKey(key: string | undefined): Promise<IntakeSource | undefined> {
    if (!key || key.length > 200) return Promise.resolve(undefined);
    return this.cached(`key:${hashKey(key).toString('hex')}`, () => this.sources.findBySecretHash(hashKey(key)));
  }

  /** The active source with this id, for providers that address a source by id and prove themselves by a secret. */
  byId(id: string): Promise<IntakeSource | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
    return this.cached(`id:${id}`, () => this.sources.findById(id));
  }

  private cached(key: string, load: () => Promise<IntakeSource | undefined>): Promise<IntakeSource | undefined> {
    return this.cache.get(key, async () => {
      const loaded = await load();
      return loaded?.active ? loaded : undefined;
    });
  }
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretMatches(presented: unknown, expected: string | undefined): boolean {
  if (typeof presented !== 'string' || !expected) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function newKey(): string {
  return randomBytes(24).toString('base64url');
}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function toView(source: IntakeSource): IntakeSourceView {
  const settings = Object.fromEntries(Object.entries(source.settings).filter(([k]) => !SECRET_SETTINGS.has(k)));
  const { id, kind, name, channel, branchId, active, createdAt } = source;
  return { id, kind, name, channel, branchId, settings, active, createdAt, webhookPath: webhookPath(kind, id) };
}

/** Where each kind of source delivers (`{key}`: Tilda's address carries the key, which is shown only once). */
export function webhookPath(kind: IntakeKind, id: string): string | null {
  switch (kind) {
    case 'web_form':
      return '/api/v1/public/intake/web-form';
    case 'tilda':
      return '/api/v1/public/intake/tilda/{key}';
    case 'vk':
      return `/api/v1/public/intake/vk/${id}`;
    case 'telegram':
      return `/api/v1/public/intake/telegram/${id}`;
    case 'telephony':
      return `/api/v1/public/telephony/${id}/events`;
    case 'manual':
      return null;
  }
}

const withKey = (path: string | null, key: string) => path?.replace('{key}', key) ?? null;
