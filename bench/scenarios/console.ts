import { type Browser, chromium, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { authenticator } from '../lib/auth.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { percentile, round } from '../lib/stats.js';
import { type IntakeFixture, intakeFixture, nextPhone } from './intake.js';

const ZONE = 'Europe/Moscow';
const RUNS = 5;
const LEADS = 40;

/**
 * The web console in a real browser (Debian's chromium), against the app on this machine:
 * JS size on first load, time to a usable first screen, a new lead's way into an open queue, and the day grid's render.
 * On an app and database of its own: tens of thousands of leads left waiting by the intake group would fill the
 * operator's queue ahead of the measured ones (the queue shows the most urgent first).
 */
export async function consoleBudgets(shared: BenchContext): Promise<ScenarioResult[]> {
  const app = await shared.startApp(await shared.freshDatabase('console'));
  const ctx: BenchContext = { ...shared, baseUrl: app.baseUrl, appPid: app.pid, auth: authenticator(app.baseUrl) };
  const browser = await launchChromium();
  try {
    const admin = await ctx.auth('admin');
    const operator = await staff(ctx, admin, 'operator', []);
    const clinic = await dayWithDoctors(ctx, admin, 20);
    const reception = await staff(ctx, admin, 'receptionist', [clinic.branchId]);
    const fixture = await intakeFixture(ctx);
    return [await firstLoad(ctx, browser, operator), await leadToQueue(ctx, browser, operator, fixture), await gridRender(ctx, browser, reception, clinic)];
  } finally {
    await browser.close();
    await app.stop();
  }
}

/** Debian's chromium, headless, without background traffic that would disturb timings. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Person {
  email: string;
  password: string;
}

async function staff(ctx: BenchContext, admin: string, role: string, branchIds: string[]): Promise<Person> {
  const person = { email: `bench-console-${role}-${Date.now()}@clinicdesk.local`, password: 'bench-console-password' };
  await api(ctx, admin, 'POST', '/staff', { ...person, fullName: `Bench ${role}`, role, branchIds });
  return person;
}

async function api<T = Record<string, string>>(ctx: BenchContext, auth: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) };
  const res = await fetch(`${ctx.baseUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path} failed: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

export async function signIn(browser: Browser, baseUrl: string, person: Person): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Эл. почта').fill(person.email);
  await page.getByLabel('Пароль').first().fill(person.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('navigation').waitFor();
  return page;
}

/** JS bytes of a cold first load (gzip, as a proxy would send it, and as actually sent), and the time until the first screen works. */
async function firstLoad(ctx: BenchContext, browser: Browser, operator: Person): Promise<ScenarioResult> {
  const scripts = new Map<string, { gzip: number; sent: number }>();
  const context = await browser.newContext({ baseURL: ctx.baseUrl });
  const page = await context.newPage();
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    void response.body().then(async (body) => {
      const sent = Number((await response.headerValue('content-length')) ?? body.length);
      scripts.set(response.url(), { gzip: gzipSync(body, { level: 9 }).length, sent });
    });
  });
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Войти' }).waitFor();
  await page.waitForLoadState('networkidle');
  await context.close();

  // Usable: the sign-in form answers, or (signed in) the operator's queue shows its sections with data.
  const signInReady: number[] = [];
  const deskReady: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cold = await browser.newContext({ baseURL: ctx.baseUrl });
    const p = await cold.newPage();
    await p.goto('/sign-in');
    await p.getByRole('button', { name: 'Войти' }).waitFor();
    signInReady.push(await p.evaluate('performance.now()'));
    await cold.close();

    // A signed-in operator opening the console again: a stored session of their own (refresh tokens are single-use).
    const tokens = await api<{ refreshToken: string; user: unknown }>(ctx, '', 'POST', '/auth/login', operator);
    const warm = await browser.newContext({ baseURL: ctx.baseUrl });
    await warm.addInitScript(
      `localStorage.setItem('clinicdesk.session', ${JSON.stringify(JSON.stringify({ refreshToken: tokens.refreshToken, user: tokens.user }))})`,
    );
    const d = await warm.newPage();
    await d.goto('/desk');
    await d.getByRole('list', { name: 'Новые обращения' }).waitFor();
    deskReady.push(await d.evaluate('performance.now()'));
    await warm.close();
  }
  const gzipKb = round([...scripts.values()].reduce((sum, s) => sum + s.gzip, 0) / 1024, 1);
  const sentKb = round([...scripts.values()].reduce((sum, s) => sum + s.sent, 0) / 1024, 1);
  const signInMs = round(percentile(signInReady, 50), 0);
  const deskMs = round(percentile(deskReady, 50), 0);
  return {
    name: 'console first load',
    target: 'JS <= 350 KB gzip; first screen usable <= 1.5 s',
    result: { scripts: scripts.size, jsGzipKb: gzipKb, jsSentKb: sentKb, signInUsableMsP50: signInMs, deskUsableMsP50: deskMs, runs: RUNS },
    ok: gzipKb <= 350 && deskMs <= 1500 && signInMs <= 1500,
  };
}

/** From the moment the intake POST returns to the moment the lead's name is in the operator's open queue, per lead. */
async function leadToQueue(ctx: BenchContext, browser: Browser, operator: Person, fixture: IntakeFixture): Promise<ScenarioResult> {
  const page = await signIn(browser, ctx.baseUrl, operator);
  await page.getByText('На связи').waitFor();
  await page.evaluate(`
    window.seen = {};
    window.waiting = new Set();
    new MutationObserver(() => {
      const text = document.querySelector('[aria-label="Новые обращения"]')?.textContent ?? '';
      for (const name of window.waiting) {
        if (text.includes(name)) {
          window.seen[name] = performance.timeOrigin + performance.now();
          window.waiting.delete(name);
        }
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  `);
  const latencies: number[] = [];
  for (let i = 0; i < LEADS; i++) {
    const name = `Замер ${String(i).padStart(3, '0')}-${Date.now() % 100000}`;
    await page.evaluate(`window.waiting.add(${JSON.stringify(name)})`);
    const res = await fetch(`${ctx.baseUrl}/api/v1/public/intake/web-form`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key },
      body: JSON.stringify({ name, phone: nextPhone(), consent: { documentId: fixture.documentId, accepted: true } }),
    });
    const returned = performance.timeOrigin + performance.now();
    if (res.status !== 201) throw new Error(`intake failed: ${res.status}`);
    // A function, not a string: the console's CSP forbids eval.
    await page.waitForFunction((n) => (globalThis as unknown as { seen: Record<string, number> }).seen[n] !== undefined, name, { timeout: 10_000 });
    const shown = await page.evaluate<number>(`window.seen[${JSON.stringify(name)}]`);
    latencies.push(Math.max(0, shown - returned));
  }
  await page.context().close();
  const p95 = round(percentile(latencies, 95), 1);
  return {
    name: 'console: new lead visible in an open queue',
    target: 'p95 <= 150 ms after the intake POST returns',
    result: { leads: LEADS, p50Ms: round(percentile(latencies, 50), 1), p95Ms: p95, maxMs: round(Math.max(...latencies), 1) },
    ok: p95 <= 150,
  };
}

interface GridClinic {
  branchId: string;
  date: string;
  appointments: number;
}

/** A branch with `doctors` doctors working 08:00-20:00 and six appointments each on a day a week ahead. */
async function dayWithDoctors(ctx: BenchContext, admin: string, doctors: number): Promise<GridClinic> {
  const branch = await api(ctx, admin, 'POST', '/branches', { name: `Bench grid ${Date.now()}`, timezone: ZONE });
  const specialty = await api(ctx, admin, 'POST', '/specialties', { name: `Bench therapy ${Date.now()}` });
  const service = await api(ctx, admin, 'POST', '/services', { name: 'Приём', specialtyId: specialty.id, durationMin: 30, price: 2000, currency: 'RUB' });
  const date = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  let appointments = 0;
  for (let d = 0; d < doctors; d++) {
    const doctor = await api(ctx, admin, 'POST', '/doctors', {
      fullName: `Врач ${String(d + 1).padStart(2, '0')}`,
      specialtyIds: [specialty.id],
      branchIds: [branch.id],
    });
    await api(ctx, admin, 'PUT', `/doctors/${doctor.id}/working-hours`, [
      { branchId: branch.id, weekdays: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '20:00' },
    ]);
    for (let a = 0; a < 6; a++) {
      const startsAt = new Date(`${date}T${String(9 + a * 2).padStart(2, '0')}:00:00+03:00`).toISOString();
      await api(ctx, admin, 'POST', '/appointments', {
        doctorId: doctor.id,
        serviceId: service.id,
        branchId: branch.id,
        startsAt,
        patient: { lastName: `Пациент${d}`, firstName: `Номер${a}`, phone: nextPhone() },
      });
      appointments++;
    }
  }
  return { branchId: branch.id!, date, appointments };
}

/** The time from the last of the grid's data responses to the frame with every appointment block drawn. */
async function gridRender(ctx: BenchContext, browser: Browser, reception: Person, clinic: GridClinic): Promise<ScenarioResult> {
  const page = await signIn(browser, ctx.baseUrl, reception);
  await page.addInitScript(`
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll('[role="group"] button[draggable="true"]').length < ${clinic.appointments}) return;
      observer.disconnect();
      requestAnimationFrame(() => (window.drawnAt = performance.now()));
    });
    observer.observe(document, { childList: true, subtree: true });
  `);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`/schedule?branch=${clinic.branchId}&date=${clinic.date}`);
    await page.waitForFunction(() => (globalThis as unknown as { drawnAt?: number }).drawnAt !== undefined, undefined, { timeout: 20_000 });
    samples.push(
      await page.evaluate<number>(`
      window.drawnAt - Math.max(...performance.getEntriesByType('resource')
        .filter((e) => /\\/api\\/v1\\/(appointments|working-time|doctors|services)([?]|$)/.test(e.name))
        .map((e) => e.responseEnd))
    `),
    );
  }
  await page.context().close();
  const p50 = round(percentile(samples, 50), 1);
  return {
    name: 'console: day grid of 20 doctors',
    target: 'rendered <= 200 ms after the data arrives',
    result: { doctors: 20, appointments: clinic.appointments, runs: RUNS, p50Ms: p50, maxMs: round(Math.max(...samples), 1) },
    ok: p50 <= 200,
  };
}
