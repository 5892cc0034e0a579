import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { CatalogService } from '../doctors/catalog.service.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import type { WorkingHoursDto } from './dto/schedule.dto.js';
import { SchedulesService } from './schedules.service.js';

export interface DemoCatalog {
  specialtyIds: string[];
  serviceIds: string[];
  doctorIds: string[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** A small believable price list and six doctors with weekly hours, for the demo clinic. Goes through the real services. */
@Injectable()
export class DemoCatalogSeeder {
  constructor(private readonly catalog: CatalogService, private readonly doctors: DoctorsService, private readonly schedules: SchedulesService) {}

  /** `branchIds`: the demo branches (two expected; one works too). */
  async seed(actor: Actor, branchIds: string[]): Promise<DemoCatalog> {
    const [main, second = branchIds[0]!] = branchIds as [string, string | undefined];
    const specialty = async (name: string) => (await this.catalog.createSpecialty(actor, { name })).id;
    const therapy = await specialty('General practice');
    const cardiology = await specialty('Cardiology');
    const dentistry = await specialty('Dentistry');
    const pediatrics = await specialty('Pediatrics');

    const service = async (specialtyId: string, name: string, durationMin: number, price: number, slotStepMin?: number) =>
      (await this.catalog.createService(actor, { specialtyId, name, durationMin, price, currency: 'RUB', slotStepMin })).id;
    const serviceIds = [
      await service(therapy, 'GP consultation', 30, 2200),
      await service(therapy, 'Repeat GP consultation', 20, 1600, 10),
      await service(cardiology, 'Cardiologist consultation', 40, 3500, 20),
      await service(cardiology, 'ECG with interpretation', 20, 1500, 10),
      await service(dentistry, 'Dental check-up', 30, 1800),
      await service(dentistry, 'Professional teeth cleaning', 60, 5500, 30),
      await service(pediatrics, 'Pediatrician consultation', 30, 2400),
    ];

    const split = (weekdays: number[], branchId: string): WorkingHoursDto[] => [
      { branchId, weekdays, start: '09:00', end: '13:00' },
      { branchId, weekdays, start: '14:00', end: '18:00' },
    ];
    const people: Array<{ fullName: string; specialtyIds: string[]; branchIds: string[]; since: number; qualification: string; hours: WorkingHoursDto[] }> = [
      { fullName: 'Elena Smirnova', specialtyIds: [therapy], branchIds: [main], since: 2009, qualification: 'Highest category', hours: split(WEEKDAYS, main) },
      { fullName: 'Andrey Kuznetsov', specialtyIds: [therapy, cardiology], branchIds: [main, second], since: 2004, qualification: 'Highest category, PhD',
        hours: [...split([1, 3, 5], main), ...(second !== main ? split([2, 4], second) : [])] },
      { fullName: 'Olga Volkova', specialtyIds: [cardiology], branchIds: [main], since: 2013, qualification: 'First category', hours: [{ branchId: main, weekdays: [1, 2, 3, 4, 5, 6], start: '10:00', end: '16:00' }] },
      { fullName: 'Dmitry Morozov', specialtyIds: [dentistry], branchIds: [second], since: 2011, qualification: 'First category', hours: split(WEEKDAYS, second) },
      { fullName: 'Anna Lebedeva', specialtyIds: [dentistry], branchIds: [main], since: 2017, qualification: 'Second category', hours: [{ branchId: main, weekdays: [2, 4, 6], start: '12:00', end: '20:00' }] },
      { fullName: 'Natalia Pavlova', specialtyIds: [pediatrics], branchIds: [second], since: 2006, qualification: 'Highest category', hours: [{ branchId: second, weekdays: WEEKDAYS, start: '08:00', end: '15:00' }] },
    ];
    const doctorIds: string[] = [];
    for (const p of people) {
      const doctor = await this.doctors.create(actor, {
        fullName: p.fullName, specialtyIds: p.specialtyIds, branchIds: p.branchIds, practicingSince: p.since, qualification: p.qualification,
        education: 'Pirogov Russian National Research Medical University', licenseNumber: `LO-77-01-${String(100000 + doctorIds.length * 7919).slice(0, 6)}`,
      });
      await this.schedules.replaceHours(actor, doctor.id, p.hours);
      doctorIds.push(doctor.id);
    }
    return { specialtyIds: [therapy, cardiology, dentistry, pediatrics], serviceIds, doctorIds };
  }
}
