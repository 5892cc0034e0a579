import type { Page } from '@playwright/test';
import { expect, expectAccessible, expectTranslated, goAvailable, type Lang, openConsole, screenshot, test } from './support/fixtures';
import { choose } from './support/screens';

/** What the test clinic's admins wrote themselves, in Russian whatever the console's language. */
const CLINIC_TEXTS = ['Согласие на обработку персональных данных', 'Согласие на рассылки', 'Филиал аналитики'];

/** A finished screen: a picture for people to look at, every string in the page's language, no accessibility violations. */
async function check(page: Page, name: string, lang: Lang, options: { codes?: string } = {}) {
  await expect(page.getByLabel(lang === 'ru' ? 'Загрузка…' : 'Loading…')).toHaveCount(0);
  await screenshot(page, name, lang);
  await expectTranslated(page, lang, { data: CLINIC_TEXTS, ...options });
  await expectAccessible(page);
}

test.describe('settings', () => {
  test('an admin adds a website form source, copies its address, sends a test inquiry and an operator sees it arrive', async ({ browser, people, seed }) => {
    const operator = await people.staff('operator');
    const op = await openConsole(browser, operator);
    await goAvailable(op.page);

    const { page, context } = await openConsole(browser, seed.admin);
    await page.goto('/manage/sources');
    const name = `Форма акции ${Math.random().toString(36).slice(2, 7)}`;
    await page.getByRole('button', { name: 'Добавить источник' }).click();
    const form = page.getByRole('dialog', { name: 'Добавить источник' });
    await form.getByLabel(/^Название/).fill(name);
    await form.getByRole('button', { name: 'Сохранить' }).click();
    // The key is shown once, with the address to give the website and the widget's code.
    const created = page.getByRole('dialog', { name });
    await expect(created.getByLabel('Адрес для подключения')).toContainText('/api/v1/public/intake/web-form');
    await expect(created.getByLabel('Виджет онлайн-записи для сайта')).toContainText('widget.js');
    await screenshot(page, 'source-key', 'ru');
    await created.getByRole('button', { name: 'Готово' }).click();

    const source = page.getByRole('listitem', { name });
    await expect(source).toContainText('Адрес для подключения');
    await source.getByRole('button', { name: `Отправить тестовое обращение: ${name}` }).click();
    await expect(page.getByText('Тестовое обращение поступило в очередь операторов')).toBeVisible();
    await screenshot(page, 'source-tested', 'ru');
    await page.getByRole('button', { name: 'Открыть обращение' }).click();
    await expect(page).toHaveURL(/\/desk\/leads\/[0-9a-f-]{36}$/);
    const leadId = /\/desk\/leads\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await expect(page.getByText(`проверка источника «${name}»`)).toBeVisible();

    // The operator on the line gets it live, in the queue.
    const queue = op.page.getByRole('list', { name: 'Новые обращения' });
    await expect(queue.locator(`a[href="/desk/leads/${leadId}"]`)).toHaveText('Тест Clinicdesk');
    await op.context.close();
    await context.close();
  });

  test('publishing a consent document that lacks the contents the law requires names what is missing', async ({ browser, seed }) => {
    const { page, context } = await openConsole(browser, seed.admin);
    await page.goto('/manage/consents');
    const title = `Согласие на рассылки ${Math.random().toString(36).slice(2, 7)}`;
    await page.getByRole('button', { name: 'Новый документ' }).click();
    const form = page.getByRole('dialog', { name: 'Новый документ' });
    await choose(form, 'Вид согласия', 'Рекламные рассылки');
    await form.getByLabel(/^Версия/).fill('2027-1');
    await form.getByLabel(/^Заголовок/).fill(title);
    await form.getByLabel(/^Текст согласия/).fill('Я согласен получать сообщения клиники об акциях и новых услугах.');
    await form.getByLabel(/^Оператор \(наименование\)/).fill('ООО «Клиника»');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect(form).toHaveCount(0);

    await page.getByRole('button', { name: `Опубликовать: ${title}` }).click();
    await page.getByRole('dialog', { name: 'Опубликовать' }).getByRole('button', { name: 'Опубликовать' }).click();
    const missing = page.getByRole('alert').filter({ hasText: 'Для публикации не хватает обязательного содержания:' });
    await expect(missing).toBeVisible();
    for (const field of ['Адрес оператора', 'Цели обработки', 'Категории данных', 'Срок хранения', 'Как отозвать согласие']) {
      await expect(missing.getByRole('listitem').filter({ hasText: new RegExp(`^${field}$`) })).toHaveCount(1);
    }
    await expect(missing.getByRole('listitem').filter({ hasText: 'Оператор (наименование)' })).toHaveCount(0);
    await expect(page.getByRole('row', { name: new RegExp(title) })).toContainText('Черновик');
    await check(page, 'consent-missing', 'ru');
    await context.close();
  });
});

const SCREENS = {
  ru: {
    dashboardTabs: ['Маркетинг', 'Операторы', 'Врачи', 'Повторные визиты', 'Скорость ответа'],
    floor: 'Зал',
    review: 'Контроль звонков',
    profile: 'Мой профиль',
    manage: <Record<string, string>>{
      staff: 'Сотрудники',
      branches: 'Филиалы',
      catalog: 'Врачи и услуги',
      schedules: 'Расписание врачей',
      sources: 'Источники обращений',
      consents: 'Согласия',
      settings: 'Правила работы',
      requests: 'Запросы по персональным данным',
      audit: 'Журнал действий',
    },
  },
  en: {
    dashboardTabs: ['Marketing', 'Operators', 'Doctors', 'Repeat visits', 'Speed to lead'],
    floor: 'Floor',
    review: 'Call review',
    profile: 'My profile',
    manage: {} as Record<string, string>,
  },
};

for (const lang of ['ru', 'en'] as const) {
  test(`every manager's and admin's screen reads well in ${lang === 'ru' ? 'Russian' : 'English'} and passes axe`, async ({ browser, seed, people }) => {
    test.setTimeout(180_000);
    const s = SCREENS[lang];
    // At least one inquiry this month, whichever tests ran before.
    await people.webLead();
    const { page, context } = await openConsole(browser, seed.admin, lang);

    await page.goto('/dashboard');
    await expect(page.getByRole('img', { name: lang === 'ru' ? 'Воронка по группам: Каналы' : 'Funnel by group: Channels' })).toHaveAttribute(
      'data-rendered',
      'true',
    );
    await check(page, 'dashboard', lang);
    const tabs = ['marketing', 'operators', 'doctors', 'cohorts', 'sla'];
    for (const [i, tab] of s.dashboardTabs.entries()) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
      await check(page, `dashboard-${tabs[i]}`, lang);
    }

    await page.goto('/floor');
    await expect(page.getByRole('heading', { name: s.floor, level: 1 })).toBeVisible();
    await check(page, 'floor', lang);
    await page.goto('/call-review');
    await expect(page.getByRole('heading', { name: s.review })).toBeVisible();
    await check(page, 'call-review', lang);
    await page.goto('/profile');
    await expect(page.getByRole('heading', { name: s.profile })).toBeVisible();
    await check(page, 'profile', lang);

    for (const screen of ['staff', 'branches', 'catalog', 'schedules', 'sources', 'consents', 'settings', 'requests', 'audit']) {
      await page.goto(`/manage/${screen}`);
      await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
      if (s.manage[screen]) await expect(page.getByRole('heading', { name: s.manage[screen], level: 2 })).toBeVisible();
      // The activity log shows actions and record kinds as stored (lead.claimed, patient): searchable, the same in any language.
      await check(page, `manage-${screen}`, lang, screen === 'audit' ? { codes: 'tbody td:nth-child(3), tbody td:nth-child(4), tbody td:nth-child(5)' } : {});
    }
    await context.close();
  });
}
