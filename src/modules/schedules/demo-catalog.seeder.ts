import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { CatalogService } from '../doctors/catalog.service.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import type { WorkingHoursDto } from './dto/schedule.dto.js';
import { SchedulesService } from './schedules.service.js';

/** A doctor of the demo clinic at one branch: what they do there and when (a doctor at two branches appears twice). */
export interface DemoDoctorAtBranch {
  id: string;
  branchId: string;
  /** therapy | cardiology | dentistry | pediatrics | gynecology */
  specialty: string;
  hours: Array<{ weekdays: number[]; start: string; end: string }>;
  services: Array<{ id: string; durationMin: number; price: number }>;
}

export interface DemoCatalog {
  specialtyIds: string[];
  serviceIds: string[];
  doctorIds: string[];
  doctors: DemoDoctorAtBranch[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** The demo clinic's price list and doctors with weekly hours at two branches, in Russian. Goes through the real services. */
@Injectable()
export class DemoCatalogSeeder {
  constructor(
    private readonly catalog: CatalogService,
    private readonly doctors: DoctorsService,
    private readonly schedules: SchedulesService,
  ) {}

  /** `branchIds`: the demo branches, the main one first (one works too). */
  async seed(actor: Actor, branchIds: string[]): Promise<DemoCatalog> {
    const [center, east = branchIds[0]!] = branchIds as [string, string | undefined];
    const specialties: Record<string, string> = {};
    for (const [key, name] of [
      ['therapy', 'Терапия'],
      ['cardiology', 'Кардиология'],
      ['dentistry', 'Стоматология'],
      ['pediatrics', 'Педиатрия'],
      ['gynecology', 'Гинекология'],
    ]) {
      specialties[key!] = (await this.catalog.createSpecialty(actor, { name: name! })).id;
    }
    const priceList: Record<string, Array<{ name: string; durationMin: number; price: number; slotStepMin?: number }>> = {
      therapy: [
        { name: 'Приём терапевта', durationMin: 30, price: 2200 },
        { name: 'Повторный приём терапевта', durationMin: 20, price: 1600, slotStepMin: 10 },
        { name: 'Чек-ап «Здоровье»', durationMin: 60, price: 7900 },
      ],
      cardiology: [
        { name: 'Консультация кардиолога', durationMin: 40, price: 3500, slotStepMin: 20 },
        { name: 'ЭКГ с расшифровкой', durationMin: 20, price: 1500, slotStepMin: 10 },
      ],
      dentistry: [
        { name: 'Осмотр стоматолога', durationMin: 30, price: 1800 },
        { name: 'Профессиональная чистка зубов', durationMin: 60, price: 5500, slotStepMin: 30 },
        { name: 'Консультация по имплантации', durationMin: 30, price: 1000 },
        { name: 'Лечение кариеса', durationMin: 60, price: 6500, slotStepMin: 30 },
        { name: 'Установка импланта', durationMin: 90, price: 45000, slotStepMin: 30 },
      ],
      pediatrics: [
        { name: 'Приём педиатра', durationMin: 30, price: 2400 },
        { name: 'Справка в детский сад', durationMin: 20, price: 1200, slotStepMin: 10 },
      ],
      gynecology: [
        { name: 'Приём гинеколога', durationMin: 30, price: 2800 },
        { name: 'УЗИ органов малого таза', durationMin: 30, price: 2600 },
      ],
    };
    const services: Record<string, Array<{ id: string; durationMin: number; price: number }>> = {};
    for (const [key, items] of Object.entries(priceList)) {
      services[key] = [];
      for (const item of items) {
        const { id } = await this.catalog.createService(actor, {
          specialtyId: specialties[key]!,
          name: item.name,
          durationMin: item.durationMin,
          price: item.price,
          currency: 'RUB',
          slotStepMin: item.slotStepMin,
        });
        services[key]!.push({ id, durationMin: item.durationMin, price: item.price });
      }
    }

    const split = (weekdays: number[], branchId: string): WorkingHoursDto[] => [
      { branchId, weekdays, start: '09:00', end: '13:00' },
      { branchId, weekdays, start: '14:00', end: '19:00' },
    ];
    const people: Array<{ fullName: string; specialty: string; since: number; qualification: string; bio: string; hours: WorkingHoursDto[] }> = [
      {
        fullName: 'Смирнова Елена Викторовна',
        specialty: 'therapy',
        since: 2009,
        qualification: 'Высшая категория',
        bio: 'Ведёт взрослых пациентов с хроническими заболеваниями, составляет программы чек-апа.',
        hours: split(WEEKDAYS, center),
      },
      {
        fullName: 'Кузнецов Андрей Петрович',
        specialty: 'cardiology',
        since: 2004,
        qualification: 'Высшая категория, кандидат медицинских наук',
        bio: 'Кардиолог с двадцатилетним опытом: гипертония, нарушения ритма.',
        hours: [...split([1, 3, 5], center), ...(east !== center ? split([2, 4], east) : [])],
      },
      {
        fullName: 'Волкова Ольга Сергеевна',
        specialty: 'gynecology',
        since: 2013,
        qualification: 'Первая категория',
        bio: 'Гинеколог, врач УЗИ-диагностики.',
        hours: [{ branchId: center, weekdays: [1, 2, 3, 4, 5, 6], start: '10:00', end: '17:00' }],
      },
      {
        fullName: 'Лебедева Анна Игоревна',
        specialty: 'dentistry',
        since: 2017,
        qualification: 'Вторая категория',
        bio: 'Стоматолог-терапевт: лечение кариеса, профессиональная гигиена.',
        hours: [
          { branchId: center, weekdays: [2, 4, 6], start: '11:00', end: '20:00' },
          { branchId: center, weekdays: [1, 3, 5], start: '09:00', end: '15:00' },
        ],
      },
      {
        fullName: 'Морозов Дмитрий Александрович',
        specialty: 'dentistry',
        since: 2011,
        qualification: 'Первая категория',
        bio: 'Стоматолог-хирург, имплантолог: более 2000 установленных имплантов.',
        hours: split(WEEKDAYS, east),
      },
      {
        fullName: 'Павлова Наталья Юрьевна',
        specialty: 'pediatrics',
        since: 2006,
        qualification: 'Высшая категория',
        bio: 'Педиатр: ведение детей с рождения, вакцинация.',
        hours: [{ branchId: east, weekdays: WEEKDAYS, start: '08:00', end: '15:00' }],
      },
      {
        fullName: 'Григорьев Сергей Николаевич',
        specialty: 'therapy',
        since: 2015,
        qualification: 'Первая категория',
        bio: 'Терапевт, ведёт приём взрослых и подростков.',
        hours: [...split(WEEKDAYS, east), { branchId: east, weekdays: [6], start: '10:00', end: '15:00' }],
      },
      {
        fullName: 'Захарова Ирина Михайловна',
        specialty: 'pediatrics',
        since: 2012,
        qualification: 'Первая категория',
        bio: 'Педиатр, неонатолог.',
        hours: [{ branchId: center, weekdays: [1, 2, 3, 4, 5], start: '12:00', end: '19:00' }],
      },
    ];
    const doctors: DemoDoctorAtBranch[] = [];
    const doctorIds: string[] = [];
    for (const p of people) {
      const branches = [...new Set(p.hours.map((h) => h.branchId))];
      const doctor = await this.doctors.create(actor, {
        fullName: p.fullName,
        specialtyIds: [specialties[p.specialty]!],
        branchIds: branches,
        practicingSince: p.since,
        qualification: p.qualification,
        bio: p.bio,
        education: 'Первый МГМУ им. И. М. Сеченова',
        licenseNumber: `ЛО-77-01-${String(100000 + doctorIds.length * 7919).slice(0, 6)}`,
        serviceIds: services[p.specialty]!.map((s) => s.id),
      });
      await this.schedules.replaceHours(actor, doctor.id, p.hours);
      doctorIds.push(doctor.id);
      for (const branchId of branches) {
        doctors.push({
          id: doctor.id,
          branchId,
          specialty: p.specialty,
          hours: p.hours.filter((h) => h.branchId === branchId),
          services: services[p.specialty]!,
        });
      }
    }
    return {
      specialtyIds: Object.values(specialties),
      serviceIds: Object.values(services)
        .flat()
        .map((s) => s.id),
      doctorIds,
      doctors,
    };
  }
}
