import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { CallsService } from '../calls/calls.service.js';
import { ConsentDocumentsService } from '../consents/consent-documents.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import { IntakeSourcesService } from '../intake/intake-sources.service.js';
import { LeadAssignment } from '../leads/lead-assignment.js';
import type { LeadChannel } from '../leads/lead-lifecycle.js';
import { LeadsService } from '../leads/leads.service.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import { AvailabilityService } from '../schedules/availability.service.js';
import { DemoRepository } from './demo.repository.js';

const FIRST_NAMES = ['Анна', 'Мария', 'Ольга', 'Елена', 'Ирина', 'Дмитрий', 'Сергей', 'Алексей', 'Наталья', 'Татьяна', 'Павел', 'Светлана'];
const LAST_NAMES = ['Иванова', 'Смирнова', 'Кузнецова', 'Попова', 'Соколова', 'Лебедев', 'Козлов', 'Новиков', 'Морозова', 'Волкова'];
const CHANNELS: { channel: LeadChannel; campaign?: string; weight: number }[] = [
  { channel: 'website', campaign: 'seo', weight: 5 },
  { channel: 'context_ads', campaign: 'yandex-implants', weight: 4 },
  { channel: 'vk', campaign: 'vk-autumn', weight: 3 },
  { channel: 'telegram', weight: 2 },
  { channel: 'phone', weight: 3 },
  { channel: 'tv', campaign: 'tv-october', weight: 1 },
  { channel: 'referral', weight: 1 },
];

export interface DemoPeople {
  admin: Actor;
  operators: Actor[];
  /** Books the demo appointments (works at every branch). */
  booker: Actor;
  serviceIds: string[];
}

/** Consent texts, intake sources and three weeks of inquiries, some called, some booked, through the real services. */
@Injectable()
export class DemoLeadsSeeder {
  private state = 42;

  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: ConsentDocumentsService,
    private readonly consents: ConsentsService,
    private readonly sources: IntakeSourcesService,
    private readonly leads: LeadsService,
    private readonly assignment: LeadAssignment,
    private readonly availability: AvailabilityService,
    private readonly appointments: AppointmentsService,
    private readonly calls: CallsService,
    private readonly demo: DemoRepository,
  ) {}

  async seed(people: DemoPeople): Promise<void> {
    const { admin } = people;
    const common = {
      title: 'Согласие на обработку персональных данных', operatorName: 'ООО «Клиника Демо»', operatorAddress: 'Москва, ул. Тверская, 7',
      dataCategories: ['фамилия, имя, отчество', 'телефон', 'адрес электронной почты'], actions: ['сбор', 'запись', 'хранение', 'использование', 'удаление'],
      retention: '3 года после последнего обращения', withdrawalMethod: 'Ссылка в письме-подтверждении или письменное заявление в клинику',
    };
    const personal = await this.documents.create(admin, { ...common, kind: 'personal_data', version: '2026-01', body: 'Я даю согласие на обработку моих персональных данных для записи на приём и связи со мной.', purposes: ['запись на приём', 'обратная связь'] });
    await this.documents.publish(admin, personal.id);
    const marketing = await this.documents.create(admin, { ...common, kind: 'marketing', version: '2026-01', title: 'Согласие на получение рекламы', body: 'Я согласен получать новости и предложения клиники.', purposes: ['информирование об акциях'] });
    await this.documents.publish(admin, marketing.id);

    const website = await this.sources.create(admin, { kind: 'web_form', name: 'Сайт клиники', channel: 'website' });
    await this.sources.create(admin, { kind: 'tilda', name: 'Лендинг «Имплантация» (Tilda)', channel: 'context_ads' });
    await this.sources.create(admin, { kind: 'vk', name: 'Сообщество ВКонтакте', channel: 'vk', settings: { confirmationCode: 'change-me', secret: 'set-in-vk-callback-settings' } });
    await this.sources.create(admin, { kind: 'telegram', name: 'Telegram-бот', channel: 'telegram', settings: { secretToken: 'set-with-setWebhook' } });
    await this.sources.create(admin, { kind: 'telephony', name: 'Основная линия (АТС)', channel: 'phone' });

    const now = Date.now();
    for (let i = 0; i < 60; i++) {
      const { channel, campaign } = this.pickChannel();
      const createdAt = new Date(now - this.random() * 21 * 86_400_000);
      const messenger = channel === 'vk' || channel === 'telegram';
      const leadId = await this.dataSource.transaction(async (em) => {
        const { leadId: id } = await this.leads.receive(em, {
          channel, sourceId: channel === 'website' ? website.id : null, utm: { campaign },
          contact: { name: `${this.pick(FIRST_NAMES)} ${this.pick(LAST_NAMES)}`, phone: `+7916${String(2_000_000 + i * 7919).slice(-7)}` },
          messengerUserId: messenger ? String(900_000 + i) : null, message: this.pick(['Хочу записаться к терапевту', 'Сколько стоит приём?', 'Нужна консультация кардиолога', 'Запишите ребёнка к педиатру', null]),
          consentStatus: messenger ? 'pending' : 'given',
        });
        if (!messenger) {
          const patientId = (await this.leads.findRow(id, em))!.patientId;
          await this.consents.recordConsent(em, { documentId: personal.id, subject: { patientId, leadId: id }, channel: 'web_form', evidence: { formUrl: 'https://clinic.example/' }, actor: admin });
        }
        return id;
      });
      const operator = people.operators[i % people.operators.length]!;
      const fate = this.random();
      if (fate > 0.2) await this.assignment.claim(operator, leadId);
      if (fate > 0.35) await this.call(operator, leadId, fate);
      if (fate >= 0.8) await this.book(people, leadId, i);
      await this.demo.backdateLead(leadId, createdAt, fate > 0.35 ? Math.round(1 + this.random() * 15) : null);
    }
  }

  /** The operator's first call: declined, a callback asked for, or a consultation before booking (backdated with its lead). */
  private async call(operator: Actor, leadId: string, fate: number): Promise<void> {
    const startedAt = new Date(); // a call cannot be answered before its lead arrived
    const answeredAt = new Date(startedAt.getTime() + 8_000);
    const endedAt = new Date(answeredAt.getTime() + (60 + Math.round(this.random() * 240)) * 1000);
    const outcome = fate < 0.5 ? 'declined' : fate < 0.65 ? 'callback_requested' : 'consultation_only';
    await this.calls.create(operator, {
      leadId, direction: 'outbound', startedAt, answeredAt, endedAt, outcome,
      ...(outcome === 'declined' ? { lostReason: this.pick(['дорого', 'выбрал другую клинику', 'передумал']) } : {}),
      ...(outcome === 'callback_requested' ? { callbackAt: new Date(Date.now() + (1 + this.random() * 47) * 3_600_000) } : {}),
    });
  }

  private async book(people: DemoPeople, leadId: string, i: number): Promise<void> {
    const serviceId = people.serviceIds[i % people.serviceIds.length]!;
    const slots = await this.availability.find({ serviceId, from: new Date(Date.now() + 86_400_000).toISOString(), to: new Date(Date.now() + 14 * 86_400_000).toISOString() });
    const slot = slots[Math.floor(this.random() * slots.length)];
    const lead = await this.leads.findRow(leadId);
    if (!slot || !lead) return;
    await this.appointments.book(people.booker, { doctorId: slot.doctorId, branchId: slot.branchId, serviceId, startsAt: slot.startsAt, patientId: lead.patientId, leadId })
      .catch(() => undefined); // a slot taken by an earlier demo booking: that lead simply stays in progress
  }

  private pickChannel() {
    const total = CHANNELS.reduce((sum, c) => sum + c.weight, 0);
    let roll = this.random() * total;
    return CHANNELS.find((c) => (roll -= c.weight) < 0) ?? CHANNELS[0]!;
  }

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Reproducible demo data (a small linear congruential generator). */
  private random(): number {
    this.state = (this.state * 1103515245 + 12345) % 2147483648;
    return this.state / 2147483648;
  }
}
