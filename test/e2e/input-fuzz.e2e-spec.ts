import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'otplib';
import type { Response } from 'supertest';
import { signBody } from '../../src/common/http/webhook-signature.js';
import { completeDocument, createPatient, publishedDocument } from '../factories/consent.factory.js';
import { createBranch, createDoctor, createService, createSpecialty } from '../factories/doctor.factory.js';
import { createSource, type TestSource } from '../factories/intake.factory.js';
import { type BookableDoctor, bookableDoctor, futureDate, localInstant } from '../factories/schedule.factory.js';
import { createStaff, type SignedIn, signedIn, signIn, type TestStaff } from '../factories/staff.factory.js';
import { listRoutes, type RouteInfo } from '../setup/routes.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/*
 * Bad input gets a 4xx in the error envelope, never a 5xx. Every registered route is sent malformed path
 * parameters, query values and JSON bodies. What to vary comes from the OpenAPI document (path and query
 * parameters, request body schemas); each variation changes one thing in a request that is otherwise valid
 * (real ids, a body the route accepts), so that values which pass validation reach the service and the database;
 * the valid request itself must succeed, or the variations would only ever meet validation. A 2xx for a strange but
 * acceptable value is fine: only a 5xx, or an error answer that is not the envelope, is a failure.
 * Inputs are enumerated, not random, and requests run one after another in a fixed order.
 */

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
  allOf?: Schema[];
  example?: unknown;
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

type Query = Record<string, string | string[]>;

/** A request the route accepts; the fuzz changes one part of it at a time. */
interface Baseline {
  /** A valid value for each path parameter. */
  params?: Record<string, string>;
  /**
   * For routes that act on a record only once (cancel, erase, publish...): a new record for each request, so that
   * every variation finds it in its first state. Its values fill path parameters and are passed to `body`.
   */
  fresh?: () => Promise<Record<string, string>>;
  /** Valid values for the query parameters the route requires. */
  query?: Query;
  /** A valid JSON body; `n` is unique per request, for values that must not repeat (names, phones). */
  body?: (n: number, fresh: Record<string, string>) => unknown;
  /** Headers the route needs (intake keys, secrets), given the exact body sent (telephony signs it) and the fresh record. */
  headers?: (raw: string, fresh: Record<string, string>) => Record<string, string>;
  /** Who calls: an admin (the default for routes that take a bearer token), nobody, or a fresh session per request. */
  as?: 'admin' | 'anonymous' | 'own-session';
}

interface Attempt {
  label: string;
  /** The unchanged valid request. */
  valid?: boolean;
  /** Path parameters that differ from the valid request, as they appear in the URL. */
  params: Record<string, string>;
  query: Query;
  body?: (fresh: Record<string, string>) => { raw: string; type: string };
}

/** Path parameter values as they appear in the URL (already percent-encoded). */
const PATH_VALUES: Array<[string, string]> = [
  ['not-a-uuid', 'not-a-uuid'],
  ['an unknown UUID', '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f'],
  ['%00', '%00'],
  ['a 300-char string', 'p'.repeat(300)],
  ["' OR 1=1 --", encodeURIComponent("' OR 1=1 --")],
  ['-1', '-1'],
  ['9999999999999999999', '9999999999999999999'],
  ['a malformed %-escape', '%E0%A4%A'],
  ['the bytes of a lone surrogate', '%ED%A0%80'],
];

/** Times that JavaScript can hold but PostgreSQL cannot, and a time that is not ISO-8601 at all. */
const ODD_TIMES: Array<[string, string]> = [
  ['year 275760', '+275760-09-13T00:00:00.000Z'],
  ['year -271821', '-271821-04-20T00:00:00.000Z'],
  ['a six-digit year without a sign', '275760-09-13'],
  ['Date.toString()', 'Tue Dec 01 2026 10:00:00 GMT+0300 (Moscow Standard Time)'],
];

/** Lone UTF-16 surrogates: JSON can carry them (\ud800), but they are not text. */
const LONE_SURROGATES: Array<[string, string]> = [
  ['a lone high surrogate', 'fuzz\ud800value'],
  ['a lone low surrogate', '\udc00'],
];

/** Cursors in the API's own encoding whose contents it never issues. */
const cursorOf = (at: unknown, id: unknown = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f') => Buffer.from(JSON.stringify([at, id])).toString('base64url');
const CURSOR_VALUES: Array<[string, string]> = [
  ...ODD_TIMES.map(([label, at]): [string, string] => [`a cursor at ${label}`, cursorOf(at)]),
  ['a cursor at 2026-02-30', cursorOf('2026-02-30T00:00:00.000Z')],
  ['a cursor at year 0', cursorOf('0000-01-01T00:00:00.000Z')],
  ['a cursor with a number for a time', cursorOf(1_700_000_000_000)],
  ['a cursor whose id is not a UUID', cursorOf('2026-01-01T00:00:00.000Z', "' OR 1=1 --")],
  ['a cursor with a lone surrogate', Buffer.from('["\\ud800","x"]').toString('base64url')],
];

const QUERY_VALUES: Array<[string, string | string[]]> = [
  ['"abc"', 'abc'],
  ['"-1"', '-1'],
  ['"1e309"', '1e309'],
  ['"2024-13-45"', '2024-13-45'],
  ['"2024-02-30T25:61:00Z"', '2024-02-30T25:61:00Z'],
  ['an empty string', ''],
  ['repeated (=1&=2)', ['1', '2']],
  ['a 5,000-char value', 'q'.repeat(5000)],
  ...LONE_SURROGATES,
  ...ODD_TIMES,
];

const WHOLE_BODIES: Array<[string, string, string]> = [
  ['JSON null', 'null', 'application/json'],
  ['a JSON array', '[]', 'application/json'],
  ['a JSON string', '"str"', 'application/json'],
  ['a JSON number', '42', 'application/json'],
  ['an empty object', '{}', 'application/json'],
  ['text/plain', 'name=fuzz', 'text/plain'],
  ['malformed JSON', '{"name": "fuzz",', 'application/json'],
  ['arrays nested 3,000 deep', `${'['.repeat(3000)}${']'.repeat(3000)}`, 'application/json'],
  ['objects nested 40 deep', JSON.stringify(deepObject(40)), 'application/json'],
];

/** One value of each JSON type, for "wrong type" variations; a nested object doubles as "object where a scalar is expected". */
const TYPE_SAMPLES: Array<[string, unknown]> = [
  ['string', 'fuzz'],
  ['number', 42],
  ['boolean', true],
  ['object', { nested: 'value' }],
  ['array', ['fuzz']],
  ['null', null],
];

const DATE_NAME = /(At|Date|From|To|Start|End|Since|day)$|^(from|to|day)$/;

/** Routes that change what the rest of the run depends on go last, in this order. */
const LAST = ['PATCH /api/v1/settings', 'POST /api/v1/auth/logout'];

function deepObject(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
}

/** A deterministic, distinct UUID per index. */
function uuidFor(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

function phoneFor(n: number): string {
  return `+7916${String(n).padStart(7, '0')}`;
}

/** A copy of `base` with `value` at `path`; missing objects on the way are created. */
function withValue(base: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function fieldName(path: Array<string | number>): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** Like encodeURIComponent, but a lone surrogate (which it refuses) is sent as the bytes a lenient encoder makes of it. */
function encodeLoose(value: string): string {
  return value
    .replace(/[\ud800-\udfff]/g, (unit, offset: number, all: string) => {
      const pair = /[\ud800-\udbff]/.test(unit) ? /[\udc00-\udfff]/.test(all[offset + 1] ?? '') : /[\ud800-\udbff]/.test(all[offset - 1] ?? '');
      if (pair) return unit;
      const code = unit.charCodeAt(0);
      return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    })
    .replace(/[^%]+/g, (part) => encodeURIComponent(part));
}

function queryString(query: Query): string {
  const parts = Object.entries(query).flatMap(([key, value]) => ([] as string[]).concat(value).map((v) => `${encodeURIComponent(key)}=${encodeLoose(v)}`));
  return parts.length ? `?${parts.join('&')}` : '';
}

class Fuzzer {
  constructor(private readonly doc: OpenApi) {}

  resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let i = 0; i < 10; i++) {
      if (s.$ref) s = this.doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
      else if (s.allOf?.length === 1) s = s.allOf[0]!;
      else break;
    }
    return s;
  }

  typeOf(schema: Schema): string | undefined {
    if (schema.type) return schema.type === 'integer' ? 'number' : schema.type;
    return schema.properties ? 'object' : undefined;
  }

  /** For bodies the document does not describe field by field (webhooks): the shape of the valid body. */
  inferSchema(value: unknown): Schema {
    if (value === null || value === undefined) return {};
    if (Array.isArray(value)) return { type: 'array', items: this.inferSchema(value[0]) };
    if (typeof value === 'object') {
      return { type: 'object', properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.inferSchema(v)])) };
    }
    return { type: typeof value };
  }

  /**
   * Every field of the body with its schema: documented fields and those of the valid body, the fields of nested
   * objects (documented ones too when the valid body leaves the object out), and those of the first item of arrays.
   */
  fields(schema: Schema | undefined, base: unknown, path: Array<string | number> = [], depth = 0): Array<{ path: Array<string | number>; schema: Schema }> {
    const s = this.resolve(schema);
    if (depth > 2) return [];
    if (this.typeOf(s) === 'array' || Array.isArray(base)) {
      const first = Array.isArray(base) ? base[0] : undefined;
      return first !== null && typeof first === 'object' ? this.fields(s.items ?? this.inferSchema(first), first, [...path, 0], depth + 1) : [];
    }
    const base_ = base !== null && typeof base === 'object' ? (base as Record<string, unknown>) : {};
    const names = [...new Set([...Object.keys(s.properties ?? {}), ...Object.keys(base_)])];
    return names.flatMap((name) => {
      const own = this.resolve(s.properties?.[name] ?? this.inferSchema(base_[name]));
      const field = { path: [...path, name], schema: own };
      const value = base_[name] ?? (this.typeOf(own) === 'object' ? {} : undefined);
      const nested = value !== null && typeof value === 'object' ? this.fields(own, value, [...path, name], depth + 1) : [];
      return [field, ...nested];
    });
  }

  /** The wrong values to try in one field. */
  values(name: string, schema: Schema, base: unknown): Array<[string, unknown]> {
    const type = this.typeOf(schema);
    const out: Array<[string, unknown]> = TYPE_SAMPLES.filter(([kind]) => kind !== type).map(([kind, value]) => [`${kind} instead of ${type ?? 'any'}`, value]);
    if (type === 'number') out.push(['-1', -1], ['1e308', 1e308], ['"NaN"', 'NaN']);
    if (schema.enum) out.push(['an invalid enum value', typeof schema.enum[0] === 'boolean' ? !schema.enum[0] : 'NOT_A_VALUE']);
    if (type === 'string') {
      out.push(['a string with \\u0000', 'fuzz\u0000value'], ['a 10,000-char string', 'x'.repeat(10_000)], ...LONE_SURROGATES);
      if (schema.format === 'uuid') out.push(['an invalid UUID', '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4Z']);
      if (schema.format === 'date-time' || schema.format === 'date' || DATE_NAME.test(name)) {
        out.push(['an invalid date', '2024-02-30'], ['an invalid date-time', '2024-02-30T25:61:00Z'], ...ODD_TIMES);
      }
      if (typeof schema.example === 'string' && /^\d{2}:\d{2}$/.test(schema.example)) out.push(['an invalid time', '25:61']);
    }
    if (type === 'array') {
      const items = this.resolve(schema.items);
      const first = Array.isArray(base) ? base[0] : undefined;
      const item = (i: number): unknown => {
        if (first !== null && typeof first === 'object') return first;
        if (items.format === 'uuid') return uuidFor(i);
        if (this.typeOf(items) === 'number') return i;
        return `item ${i}`;
      };
      out.push(['an array of 10,000 items', Array.from({ length: 10_000 }, (_, i) => item(i))]);
    }
    out.push(['an object nested 50 deep', deepObject(50)], ['left out', undefined]);
    return out;
  }

  /** All attempts for one route, built from its operation in the document and its baseline. */
  attempts(route: RouteInfo, operation: Operation, baseline: Baseline, nextN: () => number): Attempt[] {
    const query = baseline.query ?? {};
    const parameters = operation.parameters ?? [];
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
    // Each request gets its own `n`: a fresh phone or name, so that one success does not make the next a conflict.
    const bodyWith = (change: (body: unknown) => unknown = (body) => body) => {
      const n = nextN();
      return (fresh: Record<string, string>) => ({ raw: JSON.stringify(change(baseline.body ? baseline.body(n, fresh) : {})), type: 'application/json' });
    };
    const validBody = () => (hasBody ? bodyWith() : undefined);
    const out: Attempt[] = [{ label: 'the valid request', valid: true, params: {}, query, body: validBody() }];

    for (const p of parameters.filter((x) => x.in === 'path')) {
      for (const [label, value] of PATH_VALUES) out.push({ label: `path ${p.name} = ${label}`, params: { [p.name]: value }, query, body: validBody() });
    }

    for (const p of parameters.filter((x) => x.in === 'query')) {
      const values = p.name === 'cursor' ? [...QUERY_VALUES, ...CURSOR_VALUES] : QUERY_VALUES;
      for (const [label, value] of values)
        out.push({ label: `query ${p.name} = ${label}`, params: {}, query: { ...query, [p.name]: value }, body: validBody() });
    }
    if (route.method === 'GET') out.push({ label: 'an unknown query parameter', params: {}, query: { ...query, fuzzUnknown: '1' } });

    if (hasBody) {
      for (const [label, raw, type] of WHOLE_BODIES) out.push({ label: `body = ${label}`, params: {}, query, body: () => ({ raw, type }) });
      const schema = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
      const shape = baseline.body?.(0, {});
      for (const field of this.fields(schema, shape)) {
        const name = String(field.path[field.path.length - 1]);
        const current = field.path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], shape);
        for (const [label, value] of this.values(name, field.schema, current)) {
          out.push({ label: `body.${fieldName(field.path)} = ${label}`, params: {}, query, body: bodyWith((body) => withValue(body, field.path, value)) });
        }
      }
    }
    return out;
  }
}

/** Whether an error answer is the error envelope `{ error: { code, message, details? }, requestId }` (an answer that is not JSON is not). */
function isEnvelope(res: Response): boolean {
  if (!/json/.test(String(res.headers['content-type'] ?? ''))) return false;
  const body = res.body as Record<string, unknown> | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const error = body.error as Record<string, unknown> | null | undefined;
  return (
    Object.keys(body).every((k) => k === 'error' || k === 'requestId') &&
    typeof body.requestId === 'string' &&
    body.requestId !== '' &&
    !!error &&
    typeof error === 'object' &&
    Object.keys(error).every((k) => ['code', 'message', 'details'].includes(k)) &&
    typeof error.code === 'string' &&
    typeof error.message === 'string'
  );
}

describe('input fuzz over every route', () => {
  let t: TestApp;
  let admin: SignedIn;
  let doc: OpenApi;
  let baselines: Record<string, Baseline>;
  let loginAs: TestStaff;
  let ip = 0;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        // Each request comes from its own address (X-Forwarded-For, trusted here) and the limits are raised, so that
        // per-address and per-account limits do not turn later requests into 429s that hide what they were sent for.
        TRUST_PROXY: 'true',
        PUBLIC_RATE_LIMIT: '100000',
        LOGIN_MAX_FAILURES_PER_IP: '100000',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
        INTAKE_SOURCE_RATE_LIMIT: '100000',
        // Nothing but the requests themselves changes the records between two requests.
        JOBS_ENABLED: 'false',
        SMSRU_CALLBACK_SECRET: 'fuzz-sms-callback-secret-0123',
      },
    });
    admin = await signedIn(t, 'admin');
    doc = (await t.http().get('/api/docs-json')).body as OpenApi;
    baselines = await prepareBaselines();
  });
  // The PBX's recording store, for the recording route's valid request.
  const recordings = createServer((_, res) => void res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.alloc(16)));
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => recordings.close(resolve));
  });

  /** A setup call as the admin; anything but 200 or 201 stops the run. */
  const api = async (method: 'post' | 'put', path: string, body: unknown) => {
    const res = await t
      .http()
      [method](`/api/v1${path}`)
      .set('Authorization', admin.auth)
      .send(body as object);
    if (![200, 201].includes(res.status)) throw new Error(`${method.toUpperCase()} ${path} failed: ${res.status} ${res.text}`);
    return res.body as Record<string, unknown> & { id: string };
  };

  /**
   * Real records for every route to work on. Routes that change a record for good (cancel, erase, publish...)
   * get a new record for each request; the others share one.
   */
  async function prepareBaselines(): Promise<Record<string, Baseline>> {
    const booking: BookableDoctor = await bookableDoctor(t);
    const zone = booking.timezone;
    // 18 half-hour slots a day inside the doctor's 09:00-18:00, handed out in order: no slot is used twice.
    let slots = 0;
    const nextSlot = () => {
      const k = slots++;
      const minutes = 9 * 60 + (k % 18) * 30;
      return localInstant(
        zone,
        futureDate(zone, 2 + Math.floor(k / 18)),
        `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
      );
    };
    let records = 0;
    const nextRecord = () => ++records;

    const staffTarget = await createStaff(t, 'operator');
    const operator = await signedIn(t, 'operator');
    loginAs = await createStaff(t, 'receptionist');
    const refreshToken = (await signIn(t, loginAs)).refreshToken;

    const branch = await createBranch(t);
    const specialty = await createSpecialty(t);
    const service = await createService(t, specialty);
    const doctor = await createDoctor(t, { specialtyIds: [specialty], branchIds: [booking.branchId] });
    const exception = await api('post', `/doctors/${doctor}/schedule-exceptions`, { kind: 'day_off', dateFrom: '2032-01-05' });

    const patient = (await createPatient(t)).id;
    const patientToKeep = (await createPatient(t)).id;
    const newPatient = async () => ({ id: (await createPatient(t)).id });

    const personalData = await publishedDocument(t, admin);
    const consentDocument = (n: number) =>
      completeDocument('health_data', { version: `fuzz-${n}`, title: `Health data consent ${n}`, body: `I agree to the processing of my health data (${n}).` });
    const draft = await api('post', '/consent-documents', consentDocument(0));
    const newConsent = async () => ({
      id: (await api('post', `/patients/${(await createPatient(t)).id}/consents`, { documentId: personalData.id, channel: 'phone' })).id,
    });

    const webForm: TestSource = await createSource(t, admin, 'web_form', 'website');
    const tilda = await createSource(t, admin, 'tilda', 'website');
    const vkSecret = 'vk-callback-secret';
    const vk = await createSource(t, admin, 'vk', 'vk', { settings: { confirmationCode: 'a1b2c3d4', secret: vkSecret, groupId: '212345' } });
    const telegramToken = 'tg-secret-token_1';
    const telegram = await createSource(t, admin, 'telegram', 'telegram', { settings: { secretToken: telegramToken } });
    const telephony = await createSource(t, admin, 'telephony', 'phone');
    const sourceToEdit = await createSource(t, admin, 'manual', 'other');
    const sourceToRotate = await createSource(t, admin, 'manual', 'other');
    const withdrawalToken = async () => {
      const res = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', webForm.key)
        .set('X-Forwarded-For', '192.0.2.1')
        .send({ name: 'Withdrawing Person', phone: phoneFor(9_000_000 + nextRecord()), consent: { documentId: personalData.id, accepted: true } });
      if (res.status !== 201) throw new Error(`web form failed: ${res.status} ${res.text}`);
      return { token: res.body.consentWithdrawalToken as string };
    };

    const newSubjectRequest = async () => ({
      id: (await api('post', '/subject-requests', { patientId: patient, type: 'access', receivedAt: new Date().toISOString() })).id,
    });
    await api('put', '/non-working-days/2031-01-03', { label: 'Fuzz day off' });

    const newLead = async () => ({ id: (await api('post', '/leads', { channel: 'phone', name: 'Fuzz Lead', phone: phoneFor(9_100_000 + nextRecord()) })).id });
    const leadToEdit = await newLead();
    const newClaimedLead = async () => {
      const lead = await newLead();
      await api('post', `/leads/${lead.id}/claim`, undefined);
      return lead;
    };

    const newAppointment = async () => ({
      id: (
        await api('post', '/appointments', {
          doctorId: booking.doctorId,
          serviceId: booking.serviceId,
          branchId: booking.branchId,
          startsAt: nextSlot(),
          patientId: patient,
        })
      ).id,
    });
    const appointmentToRead = await newAppointment();
    const appointmentToMove = await newAppointment();

    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const callBody = () => ({
      patientId: patient,
      direction: 'outbound',
      startedAt: minutesAgo(3),
      answeredAt: minutesAgo(2.9),
      endedAt: minutesAgo(2),
      outcome: 'consultation_only',
    });
    const telephonyEvent = (n: number) => ({
      type: 'call_started',
      callId: `fuzz-${n}`,
      direction: 'inbound',
      from: phoneFor(4_000_000 + n),
      to: '+74951234567',
      at: minutesAgo(1),
    });
    // A call the PBX reported and nobody has recorded an outcome for yet.
    const newCall = async () => {
      const raw = JSON.stringify(telephonyEvent(100_000 + nextRecord()));
      const res = await t
        .http()
        .post(`/api/v1/public/telephony/${telephony.id}/events`)
        .set('Content-Type', 'application/json')
        .set('X-Signature', signBody(raw, telephony.key))
        .set('X-Forwarded-For', '192.0.2.1')
        .send(raw);
      if (res.status !== 200) throw new Error(`telephony event failed: ${res.status} ${res.text}`);
      return { id: res.body.callId as string };
    };
    const reviewedCall = await api('post', '/calls', callBody());
    await api('put', `/calls/${reviewedCall.id}/review`, { met: [true, true, true, true, true] });
    await new Promise<void>((resolve) => recordings.listen(0, '127.0.0.1', resolve));
    const recordedCall = await newCall();
    const ended = JSON.stringify({
      ...telephonyEvent(999_999),
      type: 'call_ended',
      callId: `fuzz-recorded-${recordedCall.id}`,
      recordingUrl: `http://127.0.0.1:${(recordings.address() as AddressInfo).port}/rec.mp3`,
    });
    const recorded = await t
      .http()
      .post(`/api/v1/public/telephony/${telephony.id}/events`)
      .set('Content-Type', 'application/json')
      .set('X-Signature', signBody(ended, telephony.key))
      .set('X-Forwarded-For', '192.0.2.1')
      .send(ended);
    if (recorded.status !== 200) throw new Error(`telephony event failed: ${recorded.status} ${recorded.text}`);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const callback = await api('post', `/leads/${leadToEdit.id}/callbacks`, { dueAt: tomorrow });
    const spendBody = () => ({ channel: 'vk', periodStart: '2025-01-01', periodEnd: '2025-01-31', amount: 1000, currency: 'RUB' });
    const spend = await api('post', '/marketing-spend', spendBody());
    const spendToDelete = await api('post', '/marketing-spend', spendBody());

    // Two-factor sign-in: a person with an authenticator; each request gets a new challenge and the app's next code.
    const totp = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
    const enrol = async (auth: string) => {
      const res = await t.http().post('/api/v1/auth/mfa/enrolment').set('Authorization', auth).send({});
      if (res.status !== 200) throw new Error(`enrolment failed: ${res.status} ${res.text}`);
      return new URL(res.body.otpauthUri).searchParams.get('secret')!;
    };
    const withMfa = await createStaff(t, 'operator');
    const withMfaSession = await signIn(t, withMfa);
    const mfaSecret = await enrol(withMfaSession.auth);
    const confirmed = await t
      .http()
      .post('/api/v1/auth/mfa/enrolment/confirm')
      .set('Authorization', withMfaSession.auth)
      .send({ code: await totp(mfaSecret) });
    if (confirmed.status !== 200) throw new Error(`enrolment confirmation failed: ${confirmed.status} ${confirmed.text}`);
    const mfaChallenge = async () => {
      const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '192.0.2.2').send({ email: withMfa.email, password: withMfa.password });
      if (!res.body.mfaToken) throw new Error(`no sign-in challenge: ${res.status} ${res.text}`);
      return { mfaToken: res.body.mfaToken as string, code: await totp(mfaSecret, 1) };
    };
    const pendingEnrolment = async () => {
      const person = await signedIn(t, 'receptionist');
      return { auth: person.auth, code: await totp(await enrol(person.auth)) };
    };

    // Messages: a thread written by staff, a message a person sent in Telegram, and records to act on once.
    const sql = (text: string, values: unknown[]) => t.db.query(text, values);
    const staffMessage = async () => ({ id: (await api('post', `/patients/${patient}/messages`, { text: `Fuzz message ${nextRecord()}` })).id });
    const messageToRead = await staffMessage();
    const chat = 880_000_000 + nextRecord();
    const update = await t
      .http()
      .post(`/api/v1/public/intake/telegram/${telegram.id}`)
      .set('X-Telegram-Bot-Api-Secret-Token', telegramToken)
      .set('X-Forwarded-For', '192.0.2.1')
      .send({
        update_id: 990_000 + nextRecord(),
        message: { message_id: 1, date: 1, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Fuzz' }, text: 'Hello' },
      });
    if (update.status !== 200) throw new Error(`telegram update failed: ${update.status} ${update.text}`);
    const inboundMessage = { id: (await sql(`SELECT id FROM messages WHERE external_user_id = $1 AND direction = 'in'`, [String(chat)])).rows[0].id as string };
    const failedMessage = async () => {
      const { id: messageId } = await staffMessage();
      await sql(`UPDATE messages SET status = 'failed', failed_at = now(), failure_reason = 'fuzz' WHERE id = $1`, [messageId]);
      return { id: messageId };
    };
    const unsubscribeToken = async () => {
      const token = `fuzz-token-${nextRecord()}`;
      await sql(`UPDATE messages SET unsubscribe_token_hash = sha256(convert_to($2, 'UTF8')) WHERE id = $1`, [(await staffMessage()).id, token]);
      return { token };
    };
    const templateToDelete = async () => ({
      id: (await api('put', '/message-templates', { branchId: branch, language: 'en', purpose: 'feedback', body: 'Fuzz {clinic}' })).id,
    });
    const recallService = await createService(t, specialty);
    const recallRuleToDelete = async () => {
      await api('put', `/recall-rules/${recallService}`, { intervalDays: 90 });
      return { serviceId: recallService };
    };
    const lowRating = async () => {
      const { id: visit } = await newAppointment();
      const { rows } = await sql(
        `INSERT INTO feedback (appointment_id, patient_id, doctor_id, branch_id, rating, follow_up) VALUES ($1, $2, $3, $4, 2, 'open') RETURNING id`,
        [visit, patient, booking.doctorId, booking.branchId],
      );
      return { id: rows[0].id as string };
    };

    const report = { from: '2025-01-01', to: '2025-01-31' };
    const intakeKey = () => ({ 'X-Intake-Key': webForm.key });
    const id = (value: string) => ({ id: value });

    return {
      'GET /api/v1/health': {},
      'GET /api/v1/audit-events': { query: { action: 'patient.', from: '2026-01-01T00:00:00Z' } },
      'GET /api/v1/floor': {},
      'POST /api/v1/auth/login': { body: () => ({ email: loginAs.email, password: loginAs.password }) },
      'POST /api/v1/auth/refresh': { body: () => ({ refreshToken }) },
      'POST /api/v1/auth/logout': { as: 'own-session' },
      'GET /api/v1/auth/me': {},
      'POST /api/v1/auth/mfa': { fresh: mfaChallenge, body: (_, fresh) => ({ mfaToken: fresh.mfaToken, code: fresh.code }) },
      'GET /api/v1/auth/mfa': {},
      'POST /api/v1/auth/mfa/enrolment': { body: () => ({}) },
      'POST /api/v1/auth/mfa/enrolment/confirm': {
        as: 'anonymous',
        fresh: pendingEnrolment,
        headers: (_, fresh): Record<string, string> => (fresh.auth ? { Authorization: fresh.auth } : {}),
        body: (_, fresh) => ({ code: fresh.code }),
      },
      'POST /api/v1/staff/:id/mfa/reset': { params: id(staffTarget.id) },

      'GET /api/v1/staff': {},
      'GET /api/v1/staff/:id': { params: id(staffTarget.id) },
      'POST /api/v1/staff': {
        body: (n) => ({ email: `fuzz-${n}@test.clinicdesk.local`, password: 'long-enough-password', fullName: `Fuzz Staff ${n}`, role: 'operator' }),
      },
      'PATCH /api/v1/staff/:id': { params: id(staffTarget.id), body: () => ({}) },

      'GET /api/v1/branches': {},
      'GET /api/v1/branches/:id': { params: id(branch) },
      'POST /api/v1/branches': { body: (n) => ({ name: `Fuzz branch ${n}`, timezone: 'Europe/Moscow' }) },
      'PATCH /api/v1/branches/:id': { params: id(branch), body: () => ({}) },

      'GET /api/v1/patients': {},
      'GET /api/v1/patients/:id': { params: id(patient) },
      'POST /api/v1/patients': { body: (n) => ({ lastName: 'Fuzzova', firstName: 'Anna', phone: phoneFor(n) }) },
      'PATCH /api/v1/patients/:id': { params: id(patient), body: () => ({}) },
      'PUT /api/v1/me/presence': { body: () => ({ status: 'available' }) },
      'GET /api/v1/me/presence': {},

      'GET /api/v1/patients/:id/consents': { params: id(patient) },
      'POST /api/v1/patients/:id/consents': { params: id(patient), body: () => ({ documentId: personalData.id, channel: 'phone' }) },
      'POST /api/v1/consents/:id/withdraw': { fresh: newConsent, body: () => ({ method: 'phone' }) },
      'GET /api/v1/patients/:id/export': { params: id(patient) },
      'POST /api/v1/patients/:id/restrict': { fresh: newPatient, body: () => ({ reason: 'other' }) },
      'POST /api/v1/patients/:id/erase': { fresh: newPatient, body: () => ({ reason: 'other' }) },

      'GET /api/v1/consent-documents': {},
      'GET /api/v1/consent-documents/:id': { params: id(personalData.id) },
      'POST /api/v1/consent-documents': { body: consentDocument },
      'PATCH /api/v1/consent-documents/:id': { params: id(draft.id), body: () => ({}) },
      'POST /api/v1/consent-documents/:id/publish': {
        fresh: async () => ({ id: (await api('post', '/consent-documents', consentDocument(1_000_000 + nextRecord()))).id }),
      },
      'GET /api/v1/public/consent-documents/current': { query: { kind: 'personal_data' } },
      'POST /api/v1/public/consents/withdraw': { fresh: withdrawalToken, body: (_, fresh) => ({ token: fresh.token }) },
      'GET /api/v1/public/consents/withdrawal': { query: { token: (await withdrawalToken()).token } },

      'GET /api/v1/subject-requests': {},
      'GET /api/v1/subject-requests/:id': { params: await newSubjectRequest() },
      'POST /api/v1/subject-requests': { body: () => ({ patientId: patient, type: 'access', receivedAt: new Date().toISOString() }) },
      'POST /api/v1/subject-requests/:id/extend': { fresh: newSubjectRequest, body: () => ({ reason: 'More time is needed' }) },
      'POST /api/v1/subject-requests/:id/complete': { fresh: newSubjectRequest, body: () => ({ outcome: 'completed' }) },

      'GET /api/v1/non-working-days': { query: { year: '2031' } },
      'PUT /api/v1/non-working-days/:day': { params: { day: '2031-01-02' }, body: () => ({ label: 'Fuzz day off' }) },
      'DELETE /api/v1/non-working-days/:day': { params: { day: '2031-01-03' } },

      'GET /api/v1/specialties': {},
      'POST /api/v1/specialties': { body: (n) => ({ name: `Fuzz specialty ${n}` }) },
      'PATCH /api/v1/specialties/:id': { params: id(specialty), body: () => ({}) },
      'GET /api/v1/services': {},
      'GET /api/v1/services/:id': { params: id(service) },
      'POST /api/v1/services': { body: (n) => ({ name: `Fuzz service ${n}`, specialtyId: specialty, durationMin: 30, price: 1000, currency: 'RUB' }) },
      'PATCH /api/v1/services/:id': { params: id(service), body: () => ({}) },
      'GET /api/v1/doctors': {},
      'GET /api/v1/doctors/:id': { params: id(doctor) },
      'POST /api/v1/doctors': { body: (n) => ({ fullName: `Fuzz Doctor ${n}`, specialtyIds: [specialty], branchIds: [booking.branchId] }) },
      'PATCH /api/v1/doctors/:id': { params: id(doctor), body: () => ({}) },
      'PUT /api/v1/doctors/:id/services': { params: id(doctor), body: () => ({ services: [{ serviceId: service }] }) },
      'GET /api/v1/public/doctors': {},
      'GET /api/v1/public/services': {},
      'GET /api/v1/public/branches': {},

      'GET /api/v1/doctors/:id/working-hours': { params: id(doctor) },
      'PUT /api/v1/doctors/:id/working-hours': {
        params: id(doctor),
        body: () => [{ branchId: booking.branchId, weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
      },
      'GET /api/v1/doctors/:id/schedule-exceptions': { params: id(doctor) },
      'POST /api/v1/doctors/:id/schedule-exceptions': {
        params: id(doctor),
        body: (n) => ({ kind: 'day_off', dateFrom: new Date(Date.UTC(2033, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) }),
      },
      'DELETE /api/v1/doctors/:id/schedule-exceptions/:exceptionId': { params: { id: doctor, exceptionId: exception.id } },
      'GET /api/v1/availability': { query: { serviceId: booking.serviceId } },
      'GET /api/v1/public/availability': { query: { serviceId: booking.serviceId } },
      'GET /api/v1/working-time': { query: { branchId: booking.branchId, date: '2031-03-01' } },

      'GET /api/v1/appointments': {},
      'GET /api/v1/appointments/:id': { params: appointmentToRead },
      'POST /api/v1/appointments': {
        body: () => ({ doctorId: booking.doctorId, serviceId: booking.serviceId, branchId: booking.branchId, startsAt: nextSlot(), patientId: patient }),
      },
      'PATCH /api/v1/appointments/:id': { params: appointmentToMove, body: () => ({ note: 'Fuzz note' }) },
      'POST /api/v1/appointments/:id/cancel': { fresh: newAppointment, body: () => ({ reason: 'Patient asked to cancel' }) },
      'POST /api/v1/appointments/:id/status': { fresh: newAppointment, body: () => ({ status: 'confirmed' }) },

      'GET /api/v1/settings': {},
      'PATCH /api/v1/settings': { body: () => ({}) },

      'GET /api/v1/intake-sources': {},
      'GET /api/v1/intake-sources/:id': { params: id(sourceToEdit.id) },
      'POST /api/v1/intake-sources': { body: (n) => ({ kind: 'manual', name: `Fuzz source ${n}`, channel: 'other' }) },
      'PATCH /api/v1/intake-sources/:id': { params: id(sourceToEdit.id), body: () => ({}) },
      'POST /api/v1/intake-sources/:id/rotate-key': { params: id(sourceToRotate.id) },
      'POST /api/v1/intake-sources/:id/test': { params: id(webForm.id) },
      'POST /api/v1/public/intake/web-form': {
        headers: intakeKey,
        body: (n) => ({ name: 'Fuzz Person', phone: phoneFor(n), consent: { documentId: personalData.id, accepted: true } }),
      },
      'POST /api/v1/public/appointments': {
        headers: intakeKey,
        body: (n) => ({
          doctorId: booking.doctorId,
          serviceId: booking.serviceId,
          branchId: booking.branchId,
          startsAt: nextSlot(),
          patient: { lastName: 'Fuzzova', firstName: 'Olga', phone: phoneFor(2_000_000 + n) },
          consent: { documentId: personalData.id, accepted: true },
        }),
      },
      'POST /api/v1/public/intake/tilda/:key': {
        params: { key: tilda.key },
        body: (n) => ({ name: 'Fuzz Person', phone: phoneFor(3_000_000 + n), tranid: `fuzz-${n}` }),
      },
      'POST /api/v1/public/intake/vk/:sourceId': {
        params: { sourceId: vk.id },
        body: (n) => ({
          type: 'message_new',
          group_id: 212345,
          secret: vkSecret,
          event_id: `fuzz-${n}`,
          object: { message: { id: n, from_id: 1000 + n, text: 'Hello' } },
        }),
      },
      'POST /api/v1/public/intake/telegram/:sourceId': {
        params: { sourceId: telegram.id },
        headers: () => ({ 'X-Telegram-Bot-Api-Secret-Token': telegramToken }),
        body: (n) => ({ update_id: n, message: { from: { id: 5000 + n, first_name: 'Fuzz', last_name: 'Person', username: 'fuzz' }, text: 'Hello' } }),
      },
      'POST /api/v1/public/telephony/:sourceId/events': {
        params: { sourceId: telephony.id },
        headers: (raw) => ({ 'X-Signature': signBody(raw, telephony.key) }),
        body: telephonyEvent,
      },

      'GET /api/v1/leads': {},
      'GET /api/v1/leads/:id': { params: leadToEdit },
      'POST /api/v1/leads': { body: (n) => ({ channel: 'phone', name: 'Fuzz Lead', phone: phoneFor(5_000_000 + n) }) },
      'PATCH /api/v1/leads/:id': { params: leadToEdit, body: () => ({}) },
      'POST /api/v1/leads/:id/claim': { fresh: newLead },
      'POST /api/v1/leads/:id/release': { fresh: newClaimedLead },
      'POST /api/v1/leads/:id/assign': { fresh: newLead, body: () => ({ operatorId: operator.id }) },
      'GET /api/v1/patients/:id/duplicates': { params: id(patient) },
      'POST /api/v1/patients/:id/merge': { fresh: newPatient, body: () => ({ intoPatientId: patientToKeep }) },

      'GET /api/v1/calls': {},
      'POST /api/v1/calls': { body: callBody },
      'PATCH /api/v1/calls/:id': { fresh: newCall, body: () => ({ outcome: 'no_answer' }) },
      'PUT /api/v1/calls/:id/review': { params: id(reviewedCall.id), body: () => ({ met: [true, false, true, true, false], comment: 'Fuzz review' }) },
      'GET /api/v1/calls/:id/review': { params: id(reviewedCall.id) },
      'GET /api/v1/calls/:id/recording': { params: id(recorded.body.callId) },
      'POST /api/v1/leads/:id/callbacks': { params: id(leadToEdit.id), body: () => ({ dueAt: tomorrow }) },
      'GET /api/v1/callbacks': {},
      'PATCH /api/v1/callbacks/:id': { params: id(callback.id), body: () => ({ dueAt: tomorrow }) },
      'GET /api/v1/me/queue': {},

      'GET /api/v1/analytics/funnel': { query: report },
      'GET /api/v1/analytics/operators': { query: report },
      'GET /api/v1/analytics/doctors': { query: report },
      'GET /api/v1/analytics/repeat-visits': { query: report },
      'GET /api/v1/analytics/sla': { query: report },
      'GET /api/v1/marketing-spend': {},
      'GET /api/v1/marketing-spend/:id': { params: id(spend.id) },
      'POST /api/v1/marketing-spend': { body: spendBody },
      'PATCH /api/v1/marketing-spend/:id': { params: id(spend.id), body: () => ({}) },
      'DELETE /api/v1/marketing-spend/:id': { params: id(spendToDelete.id) },

      'GET /api/v1/leads/:id/messages': { params: leadToEdit },
      'POST /api/v1/leads/:id/messages': { params: leadToEdit, body: () => ({ text: 'Fuzz message' }) },
      'GET /api/v1/patients/:id/messages': { params: id(patient) },
      'POST /api/v1/patients/:id/messages': { params: id(patient), body: () => ({ text: 'Fuzz message' }) },
      'POST /api/v1/patients/:id/messages/opt-out': { params: id(patient), body: () => ({ optedOut: false }) },
      'GET /api/v1/messages': {},
      'GET /api/v1/messages/:id': { params: messageToRead },
      'POST /api/v1/messages/:id/reply': { params: inboundMessage, body: () => ({ text: 'Fuzz answer' }) },
      'POST /api/v1/messages/:id/retry': { fresh: failedMessage, body: () => ({}) },
      'POST /api/v1/messages/:id/consent': { params: inboundMessage, body: () => ({ documentId: personalData.id }) },
      'GET /api/v1/branches/:id/messaging': { params: id(branch) },
      'PUT /api/v1/branches/:id/messaging': { params: id(branch), body: () => ({}) },
      'GET /api/v1/message-templates': {},
      'PUT /api/v1/message-templates': { body: () => ({ language: 'ru', purpose: 'reminder', body: 'Fuzz {clinic} {date}' }) },
      'DELETE /api/v1/message-templates/:id': { fresh: templateToDelete },
      'GET /api/v1/recall-rules': {},
      'PUT /api/v1/recall-rules/:serviceId': { params: { serviceId: service }, body: () => ({ intervalDays: 180 }) },
      'DELETE /api/v1/recall-rules/:serviceId': { fresh: recallRuleToDelete },
      'GET /api/v1/feedback': {},
      'POST /api/v1/feedback/:id/follow-up': { fresh: lowRating, body: () => ({ note: 'Fuzz follow-up' }) },
      'GET /api/v1/analytics/messaging': { query: report },
      'POST /api/v1/public/messages/unsubscribe/:token': { fresh: unsubscribeToken, body: () => ({}) },
      'POST /api/v1/public/messages/sms-ru/:secret': {
        params: { secret: 'fuzz-sms-callback-secret-0123' },
        body: () => ({ data: ['sms_status\n000000-00000001\n103\n1700000000'] }),
      },
    };
  }

  const operationOf = (route: RouteInfo): Operation | undefined => doc.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];

  async function send(route: RouteInfo, baseline: Baseline, operation: Operation, attempt: Attempt): Promise<Response> {
    const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const needsFresh = names.length ? names.some((name) => !(name in attempt.params)) : Boolean(attempt.body);
    const fresh = baseline.fresh && needsFresh ? await baseline.fresh() : {};
    const valid = { ...baseline.params, ...fresh };
    const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => attempt.params[name] ?? encodeURIComponent(valid[name] ?? ''));
    const body = attempt.body?.(fresh);
    const req = t.http()[route.method.toLowerCase() as 'get'](`${path}${queryString(attempt.query)}`);
    ip += 1;
    void req.set('X-Forwarded-For', `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`);
    const as = baseline.as ?? (operation.security?.length ? 'admin' : 'anonymous');
    if (as === 'admin') void req.set('Authorization', admin.auth);
    if (as === 'own-session') void req.set('Authorization', (await signIn(t, loginAs)).auth);
    for (const [name, value] of Object.entries(baseline.headers?.(body?.raw ?? '', fresh) ?? {})) void req.set(name, value);
    if (body) return req.set('Content-Type', body.type).send(body.raw);
    return req;
  }

  it('has a valid request to start from for every registered route', () => {
    const routes = listRoutes(t.app);
    expect(routes.map((r) => r.key)).toEqual(Object.keys(baselines).sort());
    expect(routes.filter((r) => !operationOf(r)).map((r) => r.key)).toEqual([]);
  });

  it('answers every malformed input with a 4xx in the error envelope, never a 5xx', async () => {
    const fuzzer = new Fuzzer(doc);
    const routes = listRoutes(t.app);
    const ordered = [
      ...routes.filter((r) => !LAST.includes(r.key)),
      ...routes.filter((r) => LAST.includes(r.key)).sort((a, b) => LAST.indexOf(a.key) - LAST.indexOf(b.key)),
    ];
    let n = 1;
    const failures: string[] = [];
    /** Valid requests a route refused: its variations would then only reach validation, not the service. */
    const refusedValidRequests: string[] = [];
    for (const route of ordered) {
      const baseline = baselines[route.key] ?? {};
      const operation = operationOf(route) ?? {};
      for (const attempt of fuzzer.attempts(route, operation, baseline, () => n++)) {
        const res = await send(route, baseline, operation, attempt);
        const problem = res.status >= 500 || (res.status >= 400 && !isEnvelope(res));
        const described = `${route.method} ${route.path} — ${attempt.label} → ${res.status} ${(res.text ?? '').slice(0, 200)}`;
        if (problem) failures.push(described);
        if (attempt.valid && res.status >= 300) refusedValidRequests.push(described);
      }
    }
    // One admin session served the whole run: had a request ended it, everything after would have been a 401.
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', admin.auth)).status).toBe(200);
    expect({ failures, refusedValidRequests }).toEqual({ failures: [], refusedValidRequests: [] });
    // Some 4,400 requests one after another: about half a minute on an idle two-core machine, far more on a busy one.
  }, 600_000);
});
