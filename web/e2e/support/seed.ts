import { ClinicApi } from './clinic-api';

export interface SeededBranch {
  id: string;
  name: string;
  timezone: string;
  doctors: Array<{ id: string; fullName: string }>;
}

/** What every test file starts from: made once, through the API, before the browsers start. */
export interface Seed {
  admin: { email: string; password: string };
  documentId: string;
  webForm: { id: string; key: string };
  telephony: { id: string; key: string };
  services: { therapist: string; ultrasound: string; dentist: string };
  /** One branch per test worker, so parallel tests never share a doctor's day. */
  branches: SeededBranch[];
  /** A round-the-clock branch, for what must happen "today" whatever the hour. */
  dutyBranch: SeededBranch;
}

const BRANCHES = [
  { name: 'Клиника на Ленина', doctors: ['Соколова Ирина Павловна', 'Петров Андрей Викторович', 'Кузнецова Мария Игоревна'] },
  { name: 'Клиника на Мира', doctors: ['Орлов Дмитрий Сергеевич', 'Белова Наталья Андреевна', 'Зайцев Константин Олегович'] },
];
const ZONE = 'Asia/Yekaterinburg';
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

export async function seedClinic(api: ClinicApi, admin: { email: string; password: string }): Promise<Seed> {
  const as = <T>(method: string, path: string, body?: unknown) => api.as<T>(admin, method, path, body);
  // The first admin is made by the start with a placeholder name; a clinic gives it a person's name first.
  const me = await as<{ id: string }>('GET', '/auth/me');
  await as('PATCH', `/staff/${me.id}`, { fullName: 'Гусева Елена' });

  const document = await as<{ id: string }>('POST', '/consent-documents', {
    kind: 'personal_data',
    version: '2026-1',
    title: 'Согласие на обработку персональных данных',
    body: 'Я даю согласие ООО «Клиника» на обработку моих персональных данных для записи на приём и напоминаний.',
    operatorName: 'ООО «Клиника»',
    operatorAddress: 'г. Екатеринбург, пр. Ленина, 24',
    purposes: ['запись на приём', 'напоминания'],
    dataCategories: ['ФИО', 'телефон', 'эл. почта'],
    actions: ['сбор', 'запись', 'хранение', 'удаление'],
    recipients: ['нет'],
    retention: 'До отзыва согласия, не более 5 лет после последнего визита',
    withdrawalMethod: 'Ссылка в письме-подтверждении или письмо в клинику',
  });
  await as('POST', `/consent-documents/${document.id}/publish`);

  const therapy = await as<{ id: string }>('POST', '/specialties', { name: 'Терапия' });
  const diagnostics = await as<{ id: string }>('POST', '/specialties', { name: 'Ультразвуковая диагностика' });
  const dentistry = await as<{ id: string }>('POST', '/specialties', { name: 'Стоматология' });
  const service = (specialtyId: string, name: string, durationMin: number, price: number) =>
    as<{ id: string }>('POST', '/services', { specialtyId, name, durationMin, price, currency: 'RUB' }).then((s) => s.id);
  const services = {
    therapist: await service(therapy.id, 'Первичный приём терапевта', 30, 2500),
    ultrasound: await service(diagnostics.id, 'УЗИ брюшной полости', 30, 3200),
    dentist: await service(dentistry.id, 'Лечение кариеса', 60, 6500),
  };
  const specialtyOf = [therapy.id, diagnostics.id, dentistry.id];

  const branch = async (name: string, doctorNames: string[], hours: { start: string; end: string }): Promise<SeededBranch> => {
    const created = await as<{ id: string }>('POST', '/branches', {
      name,
      timezone: ZONE,
      address: `г. Екатеринбург, ${name.replace('Клиника на ', 'ул. ')}, 1`,
      callCenterHours: [],
    });
    const doctors = [];
    for (const [i, fullName] of doctorNames.entries()) {
      const doctor = await as<{ id: string; fullName: string }>('POST', '/doctors', {
        fullName,
        specialtyIds: [specialtyOf[i % 3]],
        branchIds: [created.id],
        qualification: 'Высшая категория',
        practicingSince: 2006 + i * 3,
        education: 'Уральский государственный медицинский университет',
        licenseNumber: `ЛО-66-01-00${4512 + i}`,
      });
      await as('PUT', `/doctors/${doctor.id}/working-hours`, [{ branchId: created.id, weekdays: EVERY_DAY, ...hours }]);
      doctors.push({ id: doctor.id, fullName: doctor.fullName });
    }
    return { id: created.id, name, timezone: ZONE, doctors };
  };
  const branches = [];
  for (const b of BRANCHES) branches.push(await branch(b.name, b.doctors, { start: '08:00', end: '20:00' }));
  const dutyBranch = await branch('Дежурный травмпункт', ['Лебедев Сергей Николаевич'], { start: '00:00', end: '24:00' });

  const webForm = await as<{ id: string; key: string }>('POST', '/intake-sources', { kind: 'web_form', name: 'Сайт клиники', channel: 'website' });
  const telephony = await as<{ id: string; key: string }>('POST', '/intake-sources', { kind: 'telephony', name: 'Основная линия', channel: 'phone' });
  return {
    admin,
    documentId: document.id,
    webForm: { id: webForm.id, key: webForm.key },
    telephony: { id: telephony.id, key: telephony.key },
    services,
    branches,
    dutyBranch,
  };
}
