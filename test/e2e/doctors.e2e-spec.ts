import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBranch } from '../factories/doctor.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('catalog: specialties, services, doctors', () => {
  let t: TestApp;
  let manager: SignedIn;
  let receptionist: SignedIn;
  let branchId: string;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await signedIn(t, 'manager');
    receptionist = await signedIn(t, 'receptionist');
    branchId = await createBranch(t);
  });
  afterAll(async () => t.close());

  const post = (path: string, auth: string, body: object) => t.http().post(`/api/v1${path}`).set('Authorization', auth).send(body);

  it('lets a manager build the price list, refuses duplicates and other roles', async () => {
    const specialty = await post('/specialties', manager.auth, { name: 'Cardiology' });
    expect(specialty.status).toBe(201);
    expect(specialty.body).toEqual({ id: expect.any(String), name: 'Cardiology', active: true });
    expect((await post('/specialties', manager.auth, { name: 'Cardiology' })).body.error.code).toBe('CONFLICT');
    expect((await post('/specialties', receptionist.auth, { name: 'Neurology' })).status).toBe(403);

    const service = await post('/services', manager.auth, {
      name: 'ECG',
      specialtyId: specialty.body.id,
      durationMin: 20,
      price: 1500.5,
      currency: 'RUB',
      slotStepMin: 10,
    });
    expect(service.status).toBe(201);
    expect(service.body).toMatchObject({ name: 'ECG', durationMin: 20, price: 1500.5, currency: 'RUB', slotStepMin: 10, active: true });

    const badGrid = await post('/services', manager.auth, {
      name: 'Odd',
      specialtyId: specialty.body.id,
      durationMin: 20,
      price: 1,
      currency: 'RUB',
      slotStepMin: 25,
    });
    expect(badGrid.status).toBe(400);
    const missingSpecialty = await post('/services', manager.auth, {
      name: 'X',
      specialtyId: '6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c',
      durationMin: 20,
      price: 1,
      currency: 'RUB',
    });
    expect(missingSpecialty.status).toBe(404);

    const patched = await t.http().patch(`/api/v1/services/${service.body.id}`).set('Authorization', manager.auth).send({ price: 1700, slotStepMin: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ price: 1700, slotStepMin: null }); // null: back to the clinic-wide grid

    const list = await t.http().get('/api/v1/services').query({ specialtyId: specialty.body.id }).set('Authorization', receptionist.auth);
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([service.body.id]);

    const { rows } = await t.db.query(`SELECT action, fields FROM audit_events WHERE entity = 'service' AND entity_id = $1 ORDER BY id`, [service.body.id]);
    expect(rows.map((r) => r.action)).toEqual(['service.created', 'service.updated']);
  });

  it('creates a doctor providing every service of the specialties by default, with per-doctor overrides', async () => {
    const specialty = (await post('/specialties', manager.auth, { name: 'Dentistry' })).body.id;
    const checkUp = (await post('/services', manager.auth, { name: 'Check-up', specialtyId: specialty, durationMin: 30, price: 1800, currency: 'RUB' })).body
      .id;
    const cleaning = (await post('/services', manager.auth, { name: 'Cleaning', specialtyId: specialty, durationMin: 60, price: 5500, currency: 'RUB' })).body
      .id;

    const created = await post('/doctors', manager.auth, {
      fullName: 'Dmitry Morozov',
      specialtyIds: [specialty],
      branchIds: [branchId],
      qualification: 'First category',
      practicingSince: 2011,
      education: 'Moscow State University of Medicine and Dentistry',
      licenseNumber: 'LO-77-01-123456',
      bio: 'Gentle hands.',
      photoUrl: 'https://clinic.example/morozov.jpg',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fullName: 'Dmitry Morozov', specialtyIds: [specialty], branchIds: [branchId], active: true });
    expect(created.body.services.map((s: { serviceId: string }) => s.serviceId).sort()).toEqual([checkUp, cleaning].sort());

    const replaced = await t
      .http()
      .put(`/api/v1/doctors/${created.body.id}/services`)
      .set('Authorization', manager.auth)
      .send({ services: [{ serviceId: cleaning, price: 6500, durationMin: 90 }] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.services).toEqual([{ serviceId: cleaning, price: 6500, durationMin: 90 }]);

    // Keeping a service through PATCH keeps its override.
    const patched = await t
      .http()
      .patch(`/api/v1/doctors/${created.body.id}`)
      .set('Authorization', manager.auth)
      .send({ serviceIds: [cleaning, checkUp], bio: null });
    expect(patched.status).toBe(200);
    expect(patched.body.bio).toBeNull();
    expect(patched.body.services).toEqual(
      expect.arrayContaining([
        { serviceId: cleaning, price: 6500, durationMin: 90 },
        { serviceId: checkUp, price: null, durationMin: null },
      ]),
    );

    const missingBranch = await post('/doctors', manager.auth, {
      fullName: 'X',
      specialtyIds: [specialty],
      branchIds: ['6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c'],
    });
    expect(missingBranch.status).toBe(404);
    expect((await post('/doctors', receptionist.auth, { fullName: 'X', specialtyIds: [specialty], branchIds: [branchId] })).status).toBe(403);

    const page = await t.http().get('/api/v1/doctors').query({ specialtyId: specialty, limit: 1 }).set('Authorization', receptionist.auth);
    expect(page.status).toBe(200);
    expect(page.body.data.map((d: { id: string }) => d.id)).toEqual([created.body.id]);
  });

  it('publishes only active doctors’ public profiles and the active price list', async () => {
    const specialty = (await post('/specialties', manager.auth, { name: 'Pediatrics' })).body.id;
    const consult = (
      await post('/services', manager.auth, { name: 'Pediatrician consultation', specialtyId: specialty, durationMin: 30, price: 2400, currency: 'RUB' })
    ).body.id;
    const shown = (
      await post('/doctors', manager.auth, { fullName: 'Natalia Pavlova', specialtyIds: [specialty], branchIds: [branchId], licenseNumber: 'LO-1' })
    ).body.id;
    const hidden = (await post('/doctors', manager.auth, { fullName: 'Former Doctor', specialtyIds: [specialty], branchIds: [branchId] })).body.id;
    await t.http().patch(`/api/v1/doctors/${hidden}`).set('Authorization', manager.auth).send({ active: false });
    await t
      .http()
      .put(`/api/v1/doctors/${shown}/services`)
      .set('Authorization', manager.auth)
      .send({ services: [{ serviceId: consult, price: 3000 }] });

    const res = await t.http().get('/api/v1/public/doctors').query({ specialtyId: specialty });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('max-age');
    expect(res.body.data).toEqual([
      {
        id: shown,
        fullName: 'Natalia Pavlova',
        specialties: [{ id: specialty, name: 'Pediatrics' }],
        branchIds: [branchId],
        services: [{ serviceId: consult, name: 'Pediatrician consultation', price: 3000, currency: 'RUB', durationMin: 30 }],
        qualification: null,
        practicingSince: null,
        education: null,
        licenseNumber: 'LO-1',
        bio: null,
        photoUrl: null,
      },
    ]);

    await t.http().patch(`/api/v1/services/${consult}`).set('Authorization', manager.auth).send({ active: false });
    const services = await t.http().get('/api/v1/public/services').query({ specialtyId: specialty });
    expect(services.status).toBe(200);
    expect(services.body.data).toEqual([]);
    const all = await t.http().get('/api/v1/public/services');
    for (const s of all.body.data) expect(Object.keys(s).sort()).toEqual(['currency', 'description', 'durationMin', 'id', 'name', 'price', 'specialty']);
  });
});
