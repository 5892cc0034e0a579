import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { callBody, claimedLead, sendTelephonyEvent, telephonySource, uniquePhone } from '../factories/call.factory.js';
import type { TestSource } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** A PBX's recording store: answers Range requests like a file server and remembers what it was asked for. */
function fakePbx(audio: Buffer) {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    asked.push(req.url!);
    if (!req.url!.startsWith('/rec/')) return void res.writeHead(404).end();
    const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
    if (range) {
      const [start, end] = [Number(range[1]), Number(range[2])];
      res.writeHead(206, { 'content-type': 'audio/mpeg', 'content-range': `bytes ${start}-${end}/${audio.length}`, 'content-length': end - start + 1 });
      return void res.end(audio.subarray(start, end + 1));
    }
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': audio.length }).end(audio);
  });
  return { server, asked, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('call review', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let source: TestSource;
  const audio = randomBytes(4096);
  const pbx = fakePbx(audio);
  let extension = 700;
  beforeAll(async () => {
    await new Promise<void>((resolve) => pbx.server.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    source = await telephonySource(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => pbx.server.close(resolve));
  });

  /** A call the PBX reported, answered by the operator, with its recording at `recording`. */
  const pbxCall = async (operator: SignedIn & { extension: string }, recording: string) => {
    const callId = `pbx-${randomBytes(5).toString('hex')}`;
    const base = { callId, direction: 'inbound' as const, from: uniquePhone(), to: '+74950000001', extension: operator.extension };
    const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    for (const [type, extra] of [
      ['call_started', {}],
      ['call_answered', {}],
      ['call_ended', { durationSec: 60, recordingUrl: recording }],
    ] as const) {
      const res = await sendTelephonyEvent(t, source, { ...base, type, at: at(type === 'call_started' ? 0 : 1), ...extra });
      expect(res.status).toBe(200);
    }
    return (await t.db.query(`SELECT id FROM calls WHERE external_call_id = $1`, [callId])).rows[0].id as string;
  };
  const operator = async () => ({ ...(await signedIn(t, 'operator', { extension: String(++extension) })), extension: String(extension) });

  it('streams the PBX recording through the app, whole or by range, to managers and the call’s own operator', async () => {
    const op = await operator();
    const id = await pbxCall(op, `${pbx.url()}/rec/one.mp3`);
    const whole = await t
      .http()
      .get(`/api/v1/calls/${id}/recording`)
      .set('Authorization', manager.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/mpeg');
    expect(Buffer.compare(whole.body as Buffer, audio)).toBe(0);
    const part = await t.http().get(`/api/v1/calls/${id}/recording`).set('Authorization', op.auth).set('Range', 'bytes=0-9');
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-9/${audio.length}`);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/calls/${id}/recording`)
          .set('Authorization', (await operator()).auth)
      ).status,
    ).toBe(403);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'call.recording_played' AND entity_id = $1`, [id]);
    expect(rows[0].n).toBe(2);
  });

  it('fetches only what the PBX reported, and says so when the PBX does not answer', async () => {
    const op = await operator();
    const lead = await claimedLead(t, manager, op);
    const typed = await t
      .http()
      .post('/api/v1/calls')
      .set('Authorization', op.auth)
      .send(callBody({ leadId: lead.id, recordingUrl: `${pbx.url()}/rec/typed-in.mp3` }, 0));
    expect(typed.status).toBe(201);
    expect((await t.http().get(`/api/v1/calls/${typed.body.id}/recording`).set('Authorization', manager.auth)).status).toBe(404);
    expect(pbx.asked).not.toContain('/rec/typed-in.mp3');
    const down = await pbxCall(op, 'http://127.0.0.1:1/rec/gone.mp3');
    const res = await t.http().get(`/api/v1/calls/${down}/recording`).set('Authorization', manager.auth);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('UNAVAILABLE');
  });

  it('scores a call against the clinic’s checklist, tells the operator, and feeds their scorecard', async () => {
    const op = await operator();
    const id = await pbxCall(op, `${pbx.url()}/rec/two.mp3`);
    const socket = await connectSocket(t.baseUrl, { token: op.accessToken });
    const checklist = (await t.http().get('/api/v1/settings').set('Authorization', manager.auth)).body.callReviewChecklist as string[];
    expect(checklist).toHaveLength(5);
    expect(
      (
        await t
          .http()
          .put(`/api/v1/calls/${id}/review`)
          .set('Authorization', manager.auth)
          .send({ met: [true] })
      ).status,
    ).toBe(400);
    const review = await t
      .http()
      .put(`/api/v1/calls/${id}/review`)
      .set('Authorization', manager.auth)
      .send({ met: [true, true, false, true, false], comment: 'Не предложили время' });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ operatorId: op.id, reviewerId: manager.id, score: 60, comment: 'Не предложили время' });
    expect(review.body.checklist[2]).toEqual({ point: checklist[2], met: false });
    expect((await socket.waitFor((e) => e.type === 'call.reviewed')).data).toMatchObject({ callId: id, score: 60 });
    socket.close();
    expect((await t.http().get(`/api/v1/calls/${id}/review`).set('Authorization', op.auth)).body.score).toBe(60);
    expect(
      (
        await t
          .http()
          .put(`/api/v1/calls/${id}/review`)
          .set('Authorization', op.auth)
          .send({ met: [true, true, true, true, true] })
      ).status,
    ).toBe(403);
    // A second review replaces the first.
    await t
      .http()
      .put(`/api/v1/calls/${id}/review`)
      .set('Authorization', manager.auth)
      .send({ met: [true, true, true, true, false] });
    const today = new Date().toISOString().slice(0, 10);
    // The operator's call list carries the score, so a list of calls shows which ones were reviewed.
    const calls = await t.http().get('/api/v1/calls').query({ operator: op.id }).set('Authorization', manager.auth);
    expect(calls.body.data.find((c: { id: string }) => c.id === id)).toMatchObject({ reviewScore: 80 });
    const report = await t.http().get('/api/v1/analytics/operators').query({ from: today, to: today }).set('Authorization', admin.auth);
    expect(report.body.data.find((o: { operatorId: string }) => o.operatorId === op.id)).toMatchObject({ callsReviewed: 1, averageReviewScore: 80 });
  });
});
