import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from './support/clinic-db';
import { addDays, localParts } from './support/clinic-time';
import { expect, expectAccessible, expectTranslated, openConsole, screenshot, test } from './support/fixtures';

/** A second of silence as a PBX keeps a recording: 8 kHz, 16-bit mono WAV. */
function silence(): Buffer {
  const samples = 8000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}

test.describe('call review', () => {
  test('a manager scores an operator’s call against the checklist; the operator is told and the scorecard counts it', async ({
    browser,
    api,
    people,
    seed,
  }) => {
    const today = localParts(Date.now(), seed.branches[0]!.timezone).date;
    const extension = `5${Math.floor(Math.random() * 1e6)}`;
    const operator = await people.staff('operator', { extension });
    const manager = await people.staff('manager');
    const lead = await people.webLead();
    await api.as(operator, 'POST', `/leads/${lead.id}/claim`);
    // The inquiry came a quarter of an hour ago, the call a few minutes ago.
    await sql(`UPDATE leads SET created_at = created_at - interval '15 minutes' WHERE id = $1`, [lead.id]);
    // The clinic's PBX, which keeps the call's recording.
    const recording = silence();
    const pbx = createServer((_, response) => {
      response.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': recording.length });
      response.end(recording);
    });
    await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
    // The PBX reports the call, with where its recording is kept.
    const callId = `pbx-review-${lead.id}`;
    const t0 = Date.now() - 100_000;
    const call = { callId, direction: 'inbound', from: lead.phone, to: '+73432000000', extension };
    await api.telephony(seed.telephony.id, seed.telephony.key, { ...call, type: 'call_started', at: new Date(t0).toISOString() });
    await api.telephony(seed.telephony.id, seed.telephony.key, { ...call, type: 'call_answered', at: new Date(t0 + 5_000).toISOString() });
    await api.telephony(seed.telephony.id, seed.telephony.key, {
      ...call,
      type: 'call_ended',
      at: new Date(t0 + 95_000).toISOString(),
      durationSec: 90,
      recordingUrl: `http://127.0.0.1:${(pbx.address() as AddressInfo).port}/rec/${lead.id}.wav`,
    });

    const op = await openConsole(browser, operator);
    const { page, context } = await openConsole(browser, manager);
    const scorecard = async () => {
      await page.goto('/dashboard?tab=operators');
      const row = page.getByRole('row', { name: new RegExp(`^${operator.fullName}`) });
      await expect(row).toBeVisible();
      return row;
    };
    await expect(await scorecard()).not.toContainText('/ 100');

    await page.goto(`/call-review?operator=${operator.id}`);
    await page.getByRole('button', { name: /^Открыть звонок от / }).click();
    const drawer = page.getByRole('dialog', { name: new RegExp(`^${operator.fullName} · Звонок`) });
    // The recording plays in the console, streamed through the app (the PBX's address stays inside).
    await expect(drawer.getByRole('checkbox')).toHaveCount(5);
    await expect(drawer.locator('audio')).toHaveAttribute('src', /^blob:/);
    for (const point of ['Поздоровался, назвал клинику и себя', 'Выяснил, что беспокоит и что нужно пациенту', 'Рассказал о враче и стоимости приёма']) {
      await drawer.getByRole('checkbox', { name: point }).check();
    }
    await expect(drawer.getByText('60 из 100')).toBeVisible();
    await drawer.getByLabel('Комментарий оператору').fill('Хорошо выяснили потребность; в конце предложите запись.');
    await screenshot(page, 'call-review-scoring', 'ru');
    await expectTranslated(page, 'ru');
    await expectAccessible(page);
    await drawer.getByRole('button', { name: 'Сохранить оценку' }).click();
    await expect(page.getByText('Оценка сохранена, оператор её увидит')).toBeVisible();

    // The operator learns of it live.
    await expect(op.page.getByText('Руководитель оценил ваш звонок')).toBeVisible();
    await expect(op.page.getByText('Оценка 60 из 100')).toBeVisible();
    await screenshot(op.page, 'call-reviewed-operator', 'ru');
    await op.page.goto('/my-calls');
    await expect(op.page.getByRole('heading', { name: 'Мои звонки' })).toBeVisible();
    await expect(op.page.getByRole('table')).toContainText('60');
    await screenshot(op.page, 'my-calls', 'ru');
    await expectTranslated(op.page, 'ru');
    await expectAccessible(op.page);

    // The scorecard: one call reviewed, its score the average.
    const row = await scorecard();
    await expect(row).toContainText('60 / 100');
    const cards = await api.as<{ data: Array<{ operatorId: string; callsReviewed: number; averageReviewScore: number | null }> }>(
      manager,
      'GET',
      `/analytics/operators?from=${addDays(today, -1)}&to=${today}`,
    );
    expect(cards.data.find((c) => c.operatorId === operator.id)).toMatchObject({ callsReviewed: 1, averageReviewScore: 60 });
    await screenshot(page, 'dashboard-operators-reviewed', 'ru');
    await op.context.close();
    await context.close();
    await new Promise((resolve) => pbx.close(resolve));
  });
});
