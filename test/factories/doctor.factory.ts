import { randomBytes } from 'node:crypto';
import { BranchesService } from '../../src/modules/branches/branches.service.js';
import { CatalogService } from '../../src/modules/doctors/catalog.service.js';
import { DoctorsService } from '../../src/modules/doctors/doctors.service.js';
import type { CreateDoctorDto } from '../../src/modules/doctors/dto/doctor.dto.js';
import type { TestApp } from '../setup/test-app.js';
import { SETUP_ACTOR } from './staff.factory.js';

const tag = () => randomBytes(4).toString('hex');

export async function createBranch(t: TestApp, timezone = 'Europe/Moscow'): Promise<string> {
  return (await t.app.get(BranchesService).create(SETUP_ACTOR, { name: `Branch ${tag()}`, timezone })).id;
}

export async function createSpecialty(t: TestApp, name = `Specialty ${tag()}`): Promise<string> {
  return (await t.app.get(CatalogService).createSpecialty(SETUP_ACTOR, { name })).id;
}

export async function createService(
  t: TestApp,
  specialtyId: string,
  overrides: { durationMin?: number; price?: number; slotStepMin?: number; name?: string } = {},
): Promise<string> {
  const view = await t.app.get(CatalogService).createService(SETUP_ACTOR, {
    name: overrides.name ?? `Service ${tag()}`,
    specialtyId,
    durationMin: overrides.durationMin ?? 30,
    price: overrides.price ?? 2000,
    currency: 'RUB',
    slotStepMin: overrides.slotStepMin,
  });
  return view.id;
}

export async function createDoctor(t: TestApp, dto: Partial<CreateDoctorDto> & Pick<CreateDoctorDto, 'specialtyIds' | 'branchIds'>): Promise<string> {
  return (await t.app.get(DoctorsService).create(SETUP_ACTOR, { fullName: `Doctor ${tag()}`, ...dto })).id;
}
