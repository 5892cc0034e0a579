import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { formatAmount, formatNumber, formatPercent } from '../src/lib/format';
import { sql, visitStarted } from './support/clinic-db';
import { localParts, zonedIso, addDays } from './support/clinic-time';
import type { ClinicApi, Person } from './support/clinic-api';
import { expect, openConsole, screenshot, test } from './support/fixtures';

interface FunnelRow {
  key: string | null;
  label: string | null;
  leads: number;
  contacted: number;
  contactedWithinSla: number;
  booked: number;
  visited: number;
  repeat: number;
  revenue: number;
  spend: number | null;
  romi: number | null;
}
interface Funnel {
  data: FunnelRow[];
  total: FunnelRow;
}

const ZONE = 'Asia/Yekaterinburg';
const FORMULA = '=HYPERLINK("http://evil.example","click")';
const CHANNEL_LABEL: Record<string, string> = { website: 'Сайт', vk: 'ВКонтакте', phone: 'Звонок' };

/**
 * A branch of its own with a day of hand-built inquiries (nobody else's leads in it): six inquiries over three
 * channels, some contacted, three booked, two visited (one of them came back), revenue and spend.
 */
async function handBuiltBranch(api: ClinicApi, admin: { email: string; password: string }) {
  const as = <T>(method: string, path: string, body?: unknown) => api.as<T>(admin, method, path, body);
  const tag = Math.random().toString(36).slice(2, 7);
  const branch = await as<{ id: string; name: string }>('POST', '/branches', {
    name: `Филиал аналитики ${tag}`,
    timezone: ZONE,
    address: 'г. Екатеринбург, ул. Малышева, 5',
    callCenterHours: [],
  });
  const specialty = await as<{ id: string }>('POST', '/specialties', { name: `Терапия ${tag}` });
  const service = await as<{ id: string }>('POST', '/services', {
    specialtyId: specialty.id,
    name: `Осмотр ${tag}`,
    durationMin: 30,
    price: 3000,
    currency: 'RUB',
  });
  const doctor = await as<{ id: string; fullName: string }>('POST', '/doctors', {
    fullName: `Аналитикова Вера ${tag}`,
    specialtyIds: [specialty.id],
    branchIds: [branch.id],
  });
  await as('PUT', `/doctors/${doctor.id}/working-hours`, [{ branchId: branch.id, weekdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }]);
  return { branch, service, doctor, tag };
}

async function leadIn(api: ClinicApi, manager: Person, branchId: string, person: { name: string; phone: string }, channel: string, campaign?: string) {
  return api.as<{ id: string; patientId: string }>(manager, 'POST', '/leads', {
    name: person.name,
    phone: person.phone,
    channel,
    branchId,
    ...(campaign ? { campaign } : {}),
  });
}

/** A visit booked from the lead, moved to have started `minutesAgo` ago, then arrived and completed. */
async function visit(
  api: ClinicApi,
  manager: Person,
  ids: { doctorId: string; serviceId: string; branchId: string },
  patientId: string,
  leadId: string | null,
  minutesAgo: number,
) {
  const slot = zonedIso(ZONE, addDays(localParts(Date.now(), ZONE).date, 3), `${String(8 + (minutesAgo % 12)).padStart(2, '0')}:00`);
  const appointment = await api.as<{ id: string }>(manager, 'POST', '/appointments', { ...ids, startsAt: slot, patientId, ...(leadId ? { leadId } : {}) });
  await visitStarted(appointment.id, minutesAgo);
  for (const status of ['arrived', 'completed']) await api.as(manager, 'POST', `/appointments/${appointment.id}/status`, { status });
  return appointment.id;
}

async function kpi(page: Page, label: string): Promise<string> {
  return (await page.getByRole('group', { name: label, exact: true }).locator('p').nth(1).innerText()).replace(/\s/g, '');
}

const digits = (text: string) => text.replace(/\s/g, '');

/** Clicks the middle of one bar of an ECharts bar chart: the category's row, the series' segment. */
async function clickBar(chart: Locator, category: string, seriesIndex: number) {
  await chart.scrollIntoViewIfNeeded();
  const point = await chart.evaluate(
    (element, { category, seriesIndex }) => {
      const instance = (
        element as HTMLElement & {
          chart: {
            getOption(): { yAxis: Array<{ data: string[] }>; series: Array<{ data: number[] }> };
            convertToPixel(finder: object, value: number[]): number[];
          };
        }
      ).chart;
      const option = instance.getOption();
      const row = option.yAxis[0]!.data.indexOf(category);
      const value = option.series[seriesIndex]!.data[row]!;
      return instance.convertToPixel({ seriesIndex }, [value * 0.75, row]);
    },
    { category, seriesIndex },
  );
  const box = (await chart.boundingBox())!;
  await chart.page().mouse.click(box.x + point[0]!, box.y + point[1]!);
}

async function downloaded(download: Download): Promise<string> {
  return readFileSync((await download.path())!, 'utf8');
}

test.describe('the managers’ dashboard', () => {
  test('shows the API’s figures for the same period and branch, opens a chart bar’s leads, and downloads formula-safe CSV', async ({
    browser,
    api,
    seed,
    people,
  }) => {
    const built = await handBuiltBranch(api, seed.admin);
    const manager = await people.staff('manager', { branchIds: [built.branch.id] });
    const ids = { doctorId: built.doctor.id, serviceId: built.service.id, branchId: built.branch.id };
    const person = () => people.next();
    const website = [person(), person(), person()];
    const vk = [person(), person()];
    const phone = person();
    const leads = {
      w0: await leadIn(api, manager, built.branch.id, website[0]!, 'website', FORMULA),
      w1: await leadIn(api, manager, built.branch.id, website[1]!, 'website', 'checkup'),
      w2: await leadIn(api, manager, built.branch.id, website[2]!, 'website'),
      v0: await leadIn(api, manager, built.branch.id, vk[0]!, 'vk', 'vk-spring'),
      v1: await leadIn(api, manager, built.branch.id, vk[1]!, 'vk', 'vk-spring'),
      p0: await leadIn(api, manager, built.branch.id, phone, 'phone'),
    };
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    for (const lead of [leads.w0, leads.w1, leads.v0, leads.p0]) {
      await api.as(manager, 'POST', '/calls', {
        leadId: lead.id,
        direction: 'outbound',
        startedAt: minutesAgo(0.5),
        answeredAt: minutesAgo(0.45),
        endedAt: minutesAgo(0.1),
        outcome: 'consultation_only',
      });
    }
    // Website: w0 and w1 visited (w0 came back a second time); vk: v0 booked, not yet seen.
    await visit(api, manager, ids, leads.w0.patientId, leads.w0.id, 200);
    await visit(api, manager, ids, leads.w0.patientId, null, 100);
    await visit(api, manager, ids, leads.w1.patientId, leads.w1.id, 300);
    await api.as(manager, 'POST', '/appointments', {
      ...ids,
      startsAt: zonedIso(ZONE, addDays(localParts(Date.now(), ZONE).date, 2), '10:00'),
      patientId: leads.v0.patientId,
      leadId: leads.v0.id,
    });
    const today = localParts(Date.now(), ZONE).date;
    await api.as(manager, 'POST', '/marketing-spend', {
      channel: 'website',
      branchId: built.branch.id,
      periodStart: today,
      periodEnd: today,
      amount: 4000,
      currency: 'RUB',
    });
    await api.as(manager, 'POST', '/marketing-spend', {
      channel: 'vk',
      campaign: '@SUM(A1)',
      branchId: built.branch.id,
      periodStart: today,
      periodEnd: today,
      amount: 1500,
      currency: 'RUB',
    });

    const period = `from=${today}&to=${today}&branchId=${built.branch.id}`;
    const byChannel = await api.as<Funnel>(manager, 'GET', `/analytics/funnel?${period}&groupBy=channel`);
    // The hand-built day, worked out by hand: the dashboard must agree with the API, and the API with this.
    expect(byChannel.total).toMatchObject({ leads: 6, contacted: 4, booked: 3, visited: 2, repeat: 1, revenue: 6000, spend: 5500 });

    const { page, context } = await openConsole(browser, manager);
    await page.goto(`/dashboard?from=${today}&to=${today}&branch=${built.branch.id}&compare=0`);
    const groups = page.getByRole('img', { name: 'Воронка по группам: Каналы' });
    await expect(groups).toHaveAttribute('data-rendered', 'true');
    const total = byChannel.total;
    expect(await kpi(page, 'Обращения')).toBe(digits(formatNumber(total.leads, 'ru')));
    expect(await kpi(page, 'Связались')).toBe(digits(formatNumber(total.contacted, 'ru')));
    expect(await kpi(page, 'Записались')).toBe(digits(formatNumber(total.booked, 'ru')));
    expect(await kpi(page, 'Пришли')).toBe(digits(formatNumber(total.visited, 'ru')));
    expect(await kpi(page, 'Вернулись')).toBe(digits(formatNumber(total.repeat, 'ru')));
    expect(await kpi(page, 'Выручка')).toBe(digits(formatAmount(total.revenue, 'RUB', 'ru')));
    expect(await kpi(page, 'Расходы на рекламу')).toBe(digits(formatAmount(total.spend, 'RUB', 'ru')));
    expect(await kpi(page, 'ROMI')).toBe(digits(formatPercent(total.romi, 'ru')));
    // Every group's row of the table carries the API's counts.
    const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Конверсия в запись' }) });
    for (const row of byChannel.data.filter((r) => r.leads > 0)) {
      const cells = table.getByRole('row', { name: new RegExp(`^${CHANNEL_LABEL[row.key!]}(\\s|$)`) }).getByRole('cell');
      const shown = (await cells.allInnerTexts()).slice(0, 6).map(digits);
      expect({ channel: row.key, shown }).toEqual({
        channel: row.key,
        shown: [row.leads, row.contacted, row.contactedWithinSla, row.booked, row.visited, row.repeat].map(String),
      });
    }
    await screenshot(page, 'dashboard-funnel', 'ru');

    // A bar of the chart opens exactly its leads: the website inquiries that came to a visit.
    await clickBar(groups, 'Сайт', 3);
    const drawer = page.getByRole('dialog', { name: 'Пришли: Сайт' });
    await expect(drawer).toContainText('Обращений: 2');
    const listed = drawer.getByRole('table').getByRole('row');
    await expect(listed).toHaveCount(3);
    await expect(drawer).toContainText(website[0]!.name);
    await expect(drawer).toContainText(website[1]!.name);
    await expect(drawer).not.toContainText(website[2]!.name);
    await screenshot(page, 'dashboard-drill-down', 'ru');
    // The drawer's CSV is written in the browser: a campaign that looks like a formula stays text.
    const [listCsv] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: 'Скачать список (CSV)' }).click()]);
    const listText = await downloaded(listCsv);
    expect(listText).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(listText).not.toMatch(/(^|,)=HYPERLINK/m);
    await page.keyboard.press('Escape');

    // The report's CSV comes from the server, escaped the same way.
    await page.getByText('Кампании', { exact: true }).click();
    await expect(page.getByRole('img', { name: 'Воронка по группам: Кампании' })).toHaveAttribute('data-rendered', 'true');
    const [reportCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать CSV' }).first().click()]);
    expect(reportCsv.suggestedFilename()).toBe(`funnel-by-campaign-${today}-${today}.csv`);
    const reportText = await downloaded(reportCsv);
    expect(reportText).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(reportText).toContain(`'@SUM(A1)`);
    expect(reportText).not.toMatch(/(^|,)[=@]/m);

    // Marketing: spend entered by the form is counted, and the spend list exports safely too.
    await page.getByRole('tab', { name: 'Маркетинг' }).click();
    await page.getByRole('button', { name: 'Добавить расход' }).click();
    const form = page.getByRole('dialog', { name: 'Добавить расход' });
    await form.getByLabel('Канал').click();
    await page.getByRole('option', { name: 'Звонок' }).click();
    await form.getByLabel(/^Сумма/).fill('2500');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.getByText('Расход добавлен')).toBeVisible();
    const spent = await api.as<Funnel>(manager, 'GET', `/analytics/funnel?${period}&groupBy=channel`);
    expect(spent.total.spend).toBe(8000);
    const marketing = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Цена обращения' }) });
    await expect
      .poll(async () =>
        digits(
          await marketing
            .getByRole('row', { name: /^Итого/ })
            .getByRole('cell')
            .first()
            .innerText(),
        ),
      )
      .toBe(digits(formatAmount(8000, 'RUB', 'ru')));
    await screenshot(page, 'dashboard-spend-added', 'ru');
    const [spendCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать CSV' }).nth(1).click()]);
    expect(await downloaded(spendCsv)).toContain(`'@SUM(A1)`);
    const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM marketing_spend WHERE branch_id = $1`, [built.branch.id]);
    expect(rows[0]!.n).toBe(3);
    await context.close();
  });
});
