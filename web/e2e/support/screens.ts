import { expect, type Locator, type Page } from '@playwright/test';

/** The reception grid's parts, found by what people see and what screen readers announce. */
export const grid = {
  column: (page: Page, doctor: string) => page.getByRole('group', { name: doctor }),
  cell: (page: Page, doctor: string, time: string) =>
    page.getByRole('group', { name: doctor }).getByRole('button', { name: `Записать к ${doctor} на ${time}` }),
  block: (page: Page, doctor: string, patient: string) =>
    page.getByRole('group', { name: doctor }).getByRole('button', { name: new RegExp(`[,\\s]${patient}[,\\s]`) }),
  /** How an appointment block is read out: "10:00–10:30, Иванова Анна, УЗИ, Записан". */
  blockName: (time: string, patient: string, service: string, status: string) => new RegExp(`^${time}[,\\s]+${patient}[,\\s]+${service}[,\\s]+${status}$`),
};

/** Picks an option of a Mantine select by its label. */
export async function choose(scope: Page | Locator, label: string, option: string | RegExp): Promise<void> {
  // A required field's label ends with an asterisk.
  await scope
    .getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`))
    .first()
    .click();
  const page = 'page' in scope ? scope.page() : scope;
  await page.getByRole('option', { name: option }).first().click();
}

export async function expectNotice(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByRole('alert').filter({ hasText: text }).first()).toBeVisible();
}
