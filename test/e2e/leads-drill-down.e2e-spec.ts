import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { marchClinic, type MarchClinic, pastLead } from '../factories/analytics.factory.js';
import { createSource } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

interface FunnelRow {
  key: string | null;
  /** groupBy=campaign: the channel of a row of leads without a campaign. */
  channel?: string;
  leads: number;
  contacted: number;
  contactedWithinSla: number;
  booked: number;
  visited: number;
  repeat: number;
}

/** A funnel column and the stage filter of the lead list that lists its leads. */
const STAGES: Array<[keyof FunnelRow, string | undefined]> = [
  ['leads', undefined],
  ['contacted', 'contacted'],
  ['contactedWithinSla', 'contacted_within_sla'],
  ['booked', 'booked'],
  ['visited', 'visited'],
  ['repeat', 'repeat'],
];

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const lastOfMonth = (month: string) => addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1);

/**
 * Drill-down from the funnel: the lead list filtered by what a funnel row groups by and by a stage lists exactly the
 * leads behind that cell, for every grouping, row and stage of the hand-built March (test/factories/analytics.factory.ts).
 */
describe('leads: the drill-down from a funnel cell', () => {
  let t: TestApp;
  let manager: SignedIn;
  let clinic: MarchClinic;
  const march = { from: '2025-03-01', to: '2025-03-31' };

  /** Every lead the list gives for the query, page by page. */
  const listAll = async (query: Record<string, string>, who: SignedIn = manager): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t
        .http()
        .get('/api/v1/leads')
        .query({ ...query, limit: '2', ...(cursor ? { cursor } : {}) })
        .set('Authorization', who.auth);
      expect(res.status).toBe(200);
      ids.push(...res.body.data.map((l: { id: string }) => l.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };

  /** The lead-list filter that selects a funnel row of this grouping. */
  const rowFilter = (groupBy: string, key: string | null, channel?: string): Record<string, string> => {
    switch (groupBy) {
      case 'channel':
        return { ...march, channel: key! };
      // Leads without a campaign come one row per channel.
      case 'campaign':
        return { ...march, campaign: key ?? '', ...(key === null && channel ? { channel } : {}) };
      case 'source':
        return { ...march, sourceId: key ?? 'none' };
      case 'operator':
        return { ...march, assignedTo: key ?? 'none' };
      case 'doctor':
        return { ...march, doctorId: key ?? 'none' };
      case 'branch':
        return { ...march, branchId: key ?? 'none' };
      case 'day':
        return { from: key!, to: key! };
      case 'week':
        return { from: key! < march.from ? march.from : key!, to: addDays(key!, 6) > march.to ? march.to : addDays(key!, 6) };
      default:
        return { from: `${key}-01` < march.from ? march.from : `${key}-01`, to: lastOfMonth(key!) > march.to ? march.to : lastOfMonth(key!) };
    }
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    const admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    const staff = { o1: await signedIn(t, 'operator'), o2: await signedIn(t, 'operator'), reception: await signedIn(t, 'receptionist') };
    clinic = await marchClinic(t, { ...staff, managers: [manager] }, (await createSource(t, admin, 'web_form', 'vk')).id);
    // A clinic-wide inquiry (no branch yet), placed on the clinic's calendar.
    await pastLead(t, {
      channel: 'website',
      branchId: null,
      createdAt: '2025-03-18T10:00:00Z',
      contactAfterSec: 90,
      operatorId: clinic.o2.id,
      campaign: 'spring',
    });
  });
  afterAll(async () => t.close());

  it('lists exactly the leads of every funnel cell, for every grouping, row and stage', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const groupBy of ['channel', 'campaign', 'source', 'operator', 'doctor', 'branch', 'day', 'week', 'month']) {
      const funnel = await t
        .http()
        .get('/api/v1/analytics/funnel')
        .query({ ...march, groupBy })
        .set('Authorization', manager.auth);
      expect(funnel.status).toBe(200);
      const rows: FunnelRow[] = [...funnel.body.data, { ...funnel.body.total, key: 'total' }];
      for (const row of rows) {
        for (const [column, stage] of STAGES) {
          const filter = row.key === 'total' ? { ...march } : rowFilter(groupBy, row.key, row.channel);
          const ids = await listAll({ ...filter, ...(stage ? { stage } : {}) });
          if (new Set(ids).size !== ids.length) mismatches.push(`${groupBy} ${row.key} ${column}: a lead listed twice`);
          if (ids.length !== row[column]) mismatches.push(`${groupBy} ${row.key} ${column}: funnel ${row[column]}, list ${ids.length}`);
          cells++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBeGreaterThan(200);
  });

  it('lists the leads of one stage as the definitions say: l7 visited (arrived only) and came back, l2 did not show', async () => {
    const { l1, l2, l5, l7, l8 } = clinic.leads;
    expect(new Set(await listAll({ ...march, stage: 'visited' }))).toEqual(new Set([l1.id, l5.id, l7.id, l8.id]));
    expect(new Set(await listAll({ ...march, stage: 'repeat' }))).toEqual(new Set([l1.id, l7.id, l8.id]));
    expect(new Set(await listAll({ ...march, channel: 'vk', stage: 'booked' }))).toEqual(new Set([l1.id, l2.id]));
    expect(await listAll({ ...march, doctorId: clinic.yekaterinburg.doctorId })).toEqual([l8.id]);
  });

  it('refuses a period that mixes a date and an instant, and a branch the manager does not work at', async () => {
    const res = await t.http().get('/api/v1/leads').query({ from: '2025-03-01', to: '2025-03-31T00:00:00Z' }).set('Authorization', manager.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const outside = await t.http().get('/api/v1/leads').query({ branchId: '00000000-0000-4000-8000-000000000000' }).set('Authorization', manager.auth);
    expect(outside.status).toBe(403);
    const reversed = await t.http().get('/api/v1/leads').query({ from: '2025-03-31', to: '2025-03-01' }).set('Authorization', manager.auth);
    expect(reversed.status).toBe(400);
  });

  it('keeps the branch wall: an operator of one branch never lists the other branch’s leads of a cell', async () => {
    const operator = await signedIn(t, 'operator', { branchIds: [clinic.yekaterinburg.branchId] });
    const ids = await listAll({ ...march, q: 'Analytics' }, operator);
    const { rows } = await t.db.query(`SELECT id FROM leads WHERE id = ANY($1) AND branch_id IS DISTINCT FROM $2 AND branch_id IS NOT NULL`, [
      ids,
      clinic.yekaterinburg.branchId,
    ]);
    expect(rows).toEqual([]);
    expect(ids.length).toBeGreaterThan(0);
  });
});
