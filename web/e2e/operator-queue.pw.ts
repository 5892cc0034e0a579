import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, goAvailable, newWindow, openConsole, screenshot, signIn, test } from './support/fixtures';

const newInquiries = (page: Page) => page.getByRole('list', { name: 'Новые обращения' });
const mine = (page: Page) => page.getByRole('list', { name: 'Мои обращения' });

test.describe('the operator queue', () => {
  test('a website inquiry shows up in every open queue; one operator claims it and it leaves the other queue with a note', async ({ browser, people }) => {
    const anna = await people.staff('operator');
    const boris = await people.staff('operator');
    const a = await openConsole(browser, anna);
    const b = await openConsole(browser, boris);
    // Only operators on the line keep what they claim (the server hands leads of absent operators back to the queue).
    await goAvailable(a.page);
    await expect(a.page.getByText('На связи')).toBeVisible();
    await expect(b.page.getByText('На связи')).toBeVisible();

    const lead = await people.webLead({ utm: { source: 'yandex', campaign: 'implants-autumn' } });
    const rowA = newInquiries(a.page).getByRole('listitem').filter({ hasText: lead.name });
    await expect(rowA).toContainText(lead.shownPhone);
    await expect(rowA).toContainText('Сайт');
    await expect(rowA).toContainText('yandex · implants-autumn');
    await expect(rowA).toContainText(/Первый контакт: осталось \d:\d\d/);
    await expect(rowA).toContainText(/ждёт \d:\d\d/);
    await expect(newInquiries(b.page)).toContainText(lead.name);

    await rowA.getByRole('button', { name: `Взять обращение: ${lead.name}` }).click();
    await expect(a.page).toHaveURL(new RegExp(`/desk/leads/${lead.id}$`));
    await expect(mine(a.page)).toContainText(lead.name);
    await expect(a.page.getByRole('heading', { name: lead.name })).toBeVisible();

    await expect(newInquiries(b.page)).not.toContainText(lead.name);
    await expect(b.page.getByRole('status').filter({ hasText: 'обращение взял другой оператор' })).toContainText(lead.name);
    await a.context.close();
    await b.context.close();
  });

  test('an inquiry claimed by someone else a moment before my click leaves my queue with a note, not an error page', async ({ browser, people, api }) => {
    const me = await people.staff('operator');
    const other = await people.staff('operator');
    const { page, context } = await newWindow(browser);
    // Events to my screen can be held back, so the other operator's claim reaches the server before my screen hears of it.
    let holding = false;
    await page.routeWebSocket(/socket\.io/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (!holding || !String(message).includes('"lead.')) ws.send(message);
      });
    });
    // So are reloads of the queue (other tests' inquiries make the screen reload it), until my click.
    let clicked!: () => void;
    const click = new Promise<void>((resolve) => (clicked = resolve));
    await page.route(/\/api\/v1\/me\/queue/, async (route) => {
      if (holding) await click;
      await route.continue();
    });
    await signIn(page, me);
    await expect(page.getByText('На связи')).toBeVisible();
    const lead = await people.webLead();
    await expect(newInquiries(page)).toContainText(lead.name);
    holding = true;
    await api.as(other, 'PUT', '/me/presence', { status: 'available' });
    await api.as(other, 'POST', `/leads/${lead.id}/claim`);
    await newInquiries(page)
      .getByRole('button', { name: `Взять обращение: ${lead.name}` })
      .click();
    clicked();
    await expect(page.getByText(`${lead.name}: обращение взял другой оператор`).first()).toBeVisible();
    await expect(newInquiries(page)).not.toContainText(lead.name);
    await expect(page).toHaveURL(/\/desk$/);
    await context.close();
  });

  test('after the network drops, reconnecting replays the inquiries that came meanwhile', async ({ browser, people }) => {
    const operator = await people.staff('operator');
    const { context, page } = await newWindow(browser);
    let down = false;
    const clientFrames: string[] = [];
    const serverFrames: string[] = [];
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/socket\.io/, (ws) => {
      if (down) return void ws.close();
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        clientFrames.push(String(message));
        server.send(message);
      });
      server.onMessage((message) => {
        serverFrames.push(String(message));
        ws.send(message);
      });
      open.push(ws);
    });
    await signIn(page, operator);
    await expect(page.getByText('На связи')).toBeVisible();
    const before = await people.webLead();
    await expect(newInquiries(page)).toContainText(before.name);

    down = true;
    await context.setOffline(true);
    for (const ws of open.splice(0)) await ws.close();
    await expect(page.getByText('Переподключение…')).toBeVisible();
    const missed = [await people.webLead(), await people.webLead()];
    const framesBefore = serverFrames.length;

    down = false;
    await context.setOffline(false);
    await expect(page.getByText('На связи')).toBeVisible({ timeout: 20_000 });
    for (const lead of missed) await expect(newInquiries(page)).toContainText(lead.name);
    // The reconnect asked to resume from the last event it saw, and the missed inquiries came as replayed events.
    expect(clientFrames.some((f) => f.startsWith('40/realtime') && f.includes('"lastEventId"'))).toBe(true);
    const replayed = serverFrames
      .slice(framesBefore)
      .filter((f) => f.includes('"lead.created"'))
      .join('\n');
    for (const lead of missed) expect(replayed).toContain(lead.phone);
    await context.close();
  });

  test('signing out ends the real-time connection and returns to the sign-in page', async ({ browser, people }) => {
    const operator = await people.staff('operator');
    const { context, page } = await newWindow(browser);
    const sockets: Array<{ closed: boolean }> = [];
    page.on('websocket', (ws) => {
      const state = { closed: false };
      sockets.push(state);
      ws.on('close', () => (state.closed = true));
    });
    await signIn(page, operator);
    await expect(page.getByText('На связи')).toBeVisible();
    expect(sockets.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: /Меню пользователя/ }).click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();
    await expect(page.getByRole('heading', { name: 'Вход в Clinicdesk' })).toBeVisible();
    await expect(page.getByText('Вы вышли из Clinicdesk.')).toBeVisible();
    await expect.poll(() => sockets.every((s) => s.closed)).toBe(true);
    await screenshot(page, 'signed-out', 'ru');
    await context.close();
  });

  test('an expired access token is refreshed silently: the refused request is retried, a reload keeps the sign-in', async ({ browser, people }) => {
    const operator = await people.staff('operator');
    const { page, context } = await openConsole(browser, operator);
    await expect(page.getByText('На связи')).toBeVisible();
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem('clinicdesk.session')!).refreshToken as string);
    // The server answers the next queue request as it does for an expired token.
    let refused = 0;
    await page.route('**/api/v1/me/queue**', async (route) => {
      if (refused++ === 0)
        return route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'expired' } }),
        });
      return route.continue();
    });
    const lead = await people.webLead();
    await page.reload();
    await expect(page.getByRole('list', { name: 'Новые обращения' })).toContainText(lead.name);
    expect(refused).toBeGreaterThan(1);
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem('clinicdesk.session')!).refreshToken as string);
    expect(after).not.toBe(before);
    await expect(page.getByRole('navigation')).toBeVisible();
    await context.close();
  });

  test('a session ended elsewhere (password changed) returns to the sign-in page with a message', async ({ browser, people, api, seed }) => {
    const operator = await people.staff('operator');
    const { page, context } = await openConsole(browser, operator);
    await expect(page.getByText('На связи')).toBeVisible();
    await api.as(seed.admin, 'PATCH', `/staff/${operator.id}`, { password: `${operator.password}-new` });
    await expect(page.getByRole('heading', { name: 'Вход в Clinicdesk' })).toBeVisible();
    await expect(page.getByText(/Сеанс завершён/)).toBeVisible();
    await screenshot(page, 'session-ended', 'ru');
    await context.close();
  });
});
