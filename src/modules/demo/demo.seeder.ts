import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { DAY_MS, HOUR_MS } from '../../common/time/zoned-time.js';
import { BranchesService } from '../branches/branches.service.js';
import { ConsentDocumentsService } from '../consents/consent-documents.service.js';
import { IntakeSourcesService } from '../intake/intake-sources.service.js';
import { DemoCatalogSeeder } from '../schedules/demo-catalog.seeder.js';
import { SettingsService } from '../settings/settings.service.js';
import { StaffService } from '../staff/staff.service.js';
import { SubjectRequestsService } from '../subject-requests/subject-requests.service.js';
import { type DemoBranch, demoHistory, type DemoWorld } from './demo-history.js';
import { CHANNEL_PLAN, type ChannelPlan } from './demo-plan.js';
import { DemoRepository } from './demo.repository.js';

export interface DemoLogins {
  password: string;
  emails: string[];
}

/** How each demo operator works: they differ, so the scorecards have something to tell. */
const OPERATORS = [
  {
    email: 'operator1@demo.clinicdesk.local',
    fullName: 'Орлова Анна',
    at: ['center'],
    extension: '101',
    contactMedianMin: 2,
    bookingRate: 0.5,
    callbacksKept: 0.95,
  },
  {
    email: 'operator2@demo.clinicdesk.local',
    fullName: 'Смирнов Олег',
    at: ['center', 'east'],
    extension: '102',
    contactMedianMin: 6,
    bookingRate: 0.42,
    callbacksKept: 0.85,
  },
  {
    email: 'operator3@demo.clinicdesk.local',
    fullName: 'Кузьмина Дарья',
    at: ['center'],
    extension: '103',
    contactMedianMin: 24,
    bookingRate: 0.3,
    callbacksKept: 0.55,
  },
  {
    email: 'operator4@demo.clinicdesk.local',
    fullName: 'Никитин Павел',
    at: ['east'],
    extension: '201',
    contactMedianMin: 9,
    bookingRate: 0.36,
    callbacksKept: 0.75,
  },
] as const;

/** Fills an empty installation with a demo clinic that has a year of history, so every screen and report has something to show. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly branches: BranchesService,
    private readonly staff: StaffService,
    private readonly catalog: DemoCatalogSeeder,
    private readonly documents: ConsentDocumentsService,
    private readonly sources: IntakeSourcesService,
    private readonly settings: SettingsService,
    private readonly requests: SubjectRequestsService,
    private readonly demo: DemoRepository,
    private readonly dataSource: DataSource,
  ) {}

  /** Returns the demo logins it created, or undefined when the database already has a clinic in it. */
  async seedIfEmpty(adminId: string): Promise<DemoLogins | undefined> {
    if ((await this.branches.list(true)).length > 0) return undefined;
    const started = Date.now();
    const admin: Actor = { id: adminId, role: 'admin', sessionId: '', branchIds: [], requestId: 'demo-seed', ip: '127.0.0.1' };
    const weekdays = { weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '21:00' };
    const weekend = { weekdays: [6, 7], start: '09:00', end: '18:00' };
    const center = await this.branches.create(admin, {
      name: 'Клиника «Демо» — Центр',
      address: 'Москва, ул. Тверская, 7',
      phone: '+74950000001',
      timezone: 'Europe/Moscow',
      callCenterHours: [weekdays, weekend],
    });
    const east = await this.branches.create(admin, {
      name: 'Клиника «Демо» — Екатеринбург',
      address: 'Екатеринбург, пр. Ленина, 24',
      phone: '+73430000002',
      timezone: 'Asia/Yekaterinburg',
      callCenterHours: [weekdays],
    });
    const branchOf = { center: center.id, east: east.id } as const;

    const password = `demo-${randomBytes(9).toString('base64url')}`;
    const create = async (person: {
      email: string;
      fullName: string;
      role: 'manager' | 'operator' | 'receptionist';
      branchIds: string[];
      extension?: string;
    }) => this.staff.create(admin, { ...person, password });
    const manager = await create({ email: 'manager@demo.clinicdesk.local', fullName: 'Лебедева Мария', role: 'manager', branchIds: [center.id, east.id] });
    const operators = [];
    for (const o of OPERATORS) {
      const view = await create({ email: o.email, fullName: o.fullName, role: 'operator', branchIds: o.at.map((b) => branchOf[b]), extension: o.extension });
      operators.push({
        id: view.id,
        branchIds: view.branchIds,
        contactMedianMin: o.contactMedianMin,
        bookingRate: o.bookingRate,
        callbacksKept: o.callbacksKept,
      });
    }
    const receptionists = [
      {
        id: (await create({ email: 'reception@demo.clinicdesk.local', fullName: 'Яковлева Регина', role: 'receptionist', branchIds: [center.id] })).id,
        branchId: center.id,
      },
      {
        id: (await create({ email: 'reception2@demo.clinicdesk.local', fullName: 'Титова Светлана', role: 'receptionist', branchIds: [east.id] })).id,
        branchId: east.id,
      },
    ];

    const catalog = await this.catalog.seed(admin, [center.id, east.id]);
    const [personal, marketing] = await this.consentDocuments(admin);
    const sources = await this.intakeSources(admin, branchOf);
    const branches: DemoBranch[] = [
      { id: center.id, key: 'center', timezone: center.timezone, callCenterHours: center.callCenterHours },
      { id: east.id, key: 'east', timezone: east.timezone, callCenterHours: east.callCenterHours },
    ];
    const world: DemoWorld = {
      now: new Date(),
      days: 365,
      branches,
      operators,
      receptionists,
      doctors: catalog.doctors,
      sources,
      personalDocumentId: personal,
      marketingDocumentId: marketing,
      firstContactSlaMinutes: (await this.settings.get()).firstContactSlaMinutes,
    };
    const history = demoHistory(world);
    await this.dataSource.transaction((em) => this.demo.insertHistory(history, em));
    await this.demo.insertSpend(monthlySpend(world, branchOf), manager.id, this.dataSource.manager);

    // A few people withdrew their consent (long ago: anonymized by the purge job; hours ago: still restricted).
    const withdrawing = history.consents
      .filter((c) => c.channel === 'web_form')
      .filter((_, i) => i % 700 === 350)
      .slice(0, 5);
    await this.dataSource.transaction((em) =>
      this.demo.withdraw(
        withdrawing.map((c) => c.patientId),
        withdrawing.map((_, i) => new Date(Date.now() - (i < 3 ? (20 + i * 15) * DAY_MS : (1 + i) * HOUR_MS))),
        em,
      ),
    );
    // Requests from data subjects waiting for an answer, one due within days.
    const managerActor: Actor = { ...admin, id: manager.id, role: 'manager', branchIds: manager.branchIds };
    const asking = history.patients.filter((_, i) => i % 997 === 500);
    if (asking[0])
      await this.requests.create(managerActor, { patientId: asking[0].id, type: 'access', receivedAt: new Date(Date.now() - 8 * DAY_MS).toISOString() });
    if (asking[1])
      await this.requests.create(managerActor, {
        patientId: asking[1].id,
        type: 'rectification',
        receivedAt: new Date(Date.now() - 2 * DAY_MS).toISOString(),
        note: 'Просит исправить дату рождения',
      });

    this.logger.log(
      `demo clinic seeded: ${history.leads.length} leads, ${history.calls.length} calls, ${history.visits.appointments.length} appointments in ${Date.now() - started} ms`,
    );
    return { password, emails: [manager.email, ...OPERATORS.map((o) => o.email), 'reception@demo.clinicdesk.local', 'reception2@demo.clinicdesk.local'] };
  }

  private async consentDocuments(admin: Actor): Promise<[string, string]> {
    const common = {
      title: 'Согласие на обработку персональных данных',
      operatorName: 'ООО «Клиника Демо»',
      operatorAddress: 'Москва, ул. Тверская, 7',
      dataCategories: ['фамилия, имя, отчество', 'телефон', 'адрес электронной почты'],
      actions: ['сбор', 'запись', 'хранение', 'использование', 'удаление'],
      retention: '3 года после последнего обращения',
      withdrawalMethod: 'Ссылка в письме-подтверждении или письменное заявление в клинику',
    };
    const personal = await this.documents.create(admin, {
      ...common,
      kind: 'personal_data',
      version: '2026-01',
      body: 'Я даю согласие на обработку моих персональных данных для записи на приём и связи со мной.',
      purposes: ['запись на приём', 'обратная связь'],
    });
    await this.documents.publish(admin, personal.id);
    const marketing = await this.documents.create(admin, {
      ...common,
      kind: 'marketing',
      version: '2026-01',
      title: 'Согласие на получение рекламы',
      body: 'Я согласен получать новости и предложения клиники.',
      purposes: ['информирование об акциях'],
    });
    await this.documents.publish(admin, marketing.id);
    return [personal.id, marketing.id];
  }

  /** One source per kind and branch (their secrets are placeholders to replace), and the website's clinic-wide form. */
  private async intakeSources(admin: Actor, branchOf: Record<'center' | 'east', string>): Promise<DemoWorld['sources']> {
    const made: DemoWorld['sources'] = [];
    const add = async (
      kind: ChannelPlan['source'],
      channel: ChannelPlan['channel'],
      name: string,
      branch: 'center' | 'east' | null,
      settings?: Record<string, unknown>,
    ) => {
      const view = await this.sources.create(admin, { kind, name, channel, branchId: branch ? branchOf[branch] : undefined, settings });
      made.push({ id: view.id, kind, channel, branchId: branch ? branchOf[branch] : null });
    };
    await add('web_form', 'website', 'Сайт клиники — общая форма', null);
    for (const [branch, city] of [
      ['center', 'Москва'],
      ['east', 'Екатеринбург'],
    ] as const) {
      await add('web_form', 'website', `Сайт — запись (${city})`, branch);
      await add('tilda', 'context_ads', `Лендинг «Имплантация» (${city})`, branch);
      await add('vk', 'vk', `Сообщество ВКонтакте (${city})`, branch, { confirmationCode: 'change-me', secret: 'set-in-vk-callback-settings' });
      await add('telegram', 'telegram', `Telegram-бот (${city})`, branch, { secretToken: 'set-with-setWebhook' });
      await add('telephony', 'phone', `Телефонная линия (${city})`, branch);
    }
    return made;
  }
}

/** Budgets per channel and campaign for each month of the year behind (this month's so far). */
function monthlySpend(world: DemoWorld, branchOf: Record<'center' | 'east', string>) {
  const rows: Array<{ channel: string; campaign: string | null; branchId: string | null; periodStart: string; periodEnd: string; amount: number }> = [];
  const now = world.now;
  for (let back = 12; back >= 0; back--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const end = back === 0 ? now : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    const month = start.getUTCMonth() + 1;
    const share = back === 0 ? now.getUTCDate() / new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate() : 1;
    for (const plan of CHANNEL_PLAN) {
      const amount = Math.round((plan.monthlySpend(month) * share) / 100) * 100;
      if (!amount) continue;
      rows.push({
        channel: plan.channel,
        campaign: plan.campaign,
        branchId: plan.branch ? branchOf[plan.branch] : null,
        periodStart: start.toISOString().slice(0, 10),
        periodEnd: end.toISOString().slice(0, 10),
        amount,
      });
    }
  }
  return rows;
}
