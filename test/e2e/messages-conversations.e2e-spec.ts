import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPatient, publishedDocument, recordConsent } from '../factories/consent.factory.js';
import { dispatch, type MessengerSource, telegramSource, telegramText, vkEvent, vkSource } from '../factories/messaging.factory.js';
import { bookableDoctor } from '../factories/schedule.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { type FakeHttpProvider, FakeSmtp, type FakeVk, fakeSmsRu, fakeTelegram, fakeVk, providerEnv } from '../setup/fake-providers.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('conversations with patients', () => {
  let t: TestApp;
  let telegram: FakeHttpProvider;
  let vk: FakeVk;
  let sms: FakeHttpProvider;
  let smtp: FakeSmtp;
  let admin: SignedIn;
  let manager: SignedIn;
  let operator: SignedIn;
  let branchId: string;
  let bot: MessengerSource;
  let community: MessengerSource;
  let documentId: string;

  beforeAll(async () => {
    [telegram, vk, sms, smtp] = await Promise.all([fakeTelegram(), fakeVk(), fakeSmsRu(), new FakeSmtp().start()]);
    t = await startTestApp({
      env: { JOBS_ENABLED: 'false', SMSRU_CALLBACK_SECRET: 'sms-callback-secret-0123456789', ...providerEnv({ telegram, vk, sms, smtp }) },
    });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    operator = await signedIn(t, 'operator');
    branchId = (await bookableDoctor(t, { staff: [manager, operator] })).branchId;
    bot = await telegramSource(t, admin, branchId);
    community = await vkSource(t, admin, branchId);
    documentId = (await publishedDocument(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([telegram.close(), vk.close(), sms.close(), smtp.close()]);
  });

  it('threads a Telegram message on its lead; the operator’s reply reaches the chat, is the first contact, and is pushed live', async () => {
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const chat = 700_000_000 + Math.floor(Math.random() * 1e6);
    await telegramText(t, bot, { id: chat, first_name: 'Ольга' }, 'Здравствуйте, сколько стоит чистка зубов?');
    const received = await socket.waitFor((e) => e.type === 'message.received' && e.data.channel === 'telegram');
    expect(received.data).toMatchObject({ direction: 'in', text: 'Здравствуйте, сколько стоит чистка зубов?', branchId });
    const leadId = received.data.leadId as string;
    expect(leadId).toEqual(expect.any(String));

    const thread = await t.http().get(`/api/v1/leads/${leadId}/messages`).set('Authorization', operator.auth);
    expect(thread.status).toBe(200);
    expect(thread.body).toMatchObject({ channels: ['telegram'], optedOut: false, data: [{ direction: 'in', channel: 'telegram', status: 'received' }] });

    // Operators answer leads they hold.
    expect((await t.http().post(`/api/v1/leads/${leadId}/messages`).set('Authorization', operator.auth).send({ text: 'Здравствуйте! 3 500 ₽.' })).status).toBe(
      403,
    );
    expect((await t.http().post(`/api/v1/leads/${leadId}/claim`).set('Authorization', operator.auth)).status).toBe(200);
    const reply = await t.http().post(`/api/v1/leads/${leadId}/messages`).set('Authorization', operator.auth).send({ text: 'Здравствуйте! 3 500 ₽.' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ direction: 'out', channel: 'telegram', purpose: 'reply', status: 'queued', leadId, createdBy: operator.id });
    expect((await t.db.query(`SELECT first_contact_at FROM leads WHERE id = $1`, [leadId])).rows[0].first_contact_at).toBeNull();

    expect(await dispatch(t)).toMatchObject({ sent: 1, failed: 0 });
    const sent = telegram.succeeded('/sendMessage').filter((c) => c.body.chat_id === String(chat));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe(`/bot${bot.botToken}/sendMessage`);
    expect(sent[0]!.body).toMatchObject({ text: 'Здравствуйте! 3 500 ₽.' });
    await socket.waitFor((e) => e.type === 'message.status' && e.data.messageId === reply.body.id && e.data.status === 'sent');
    expect((await t.db.query(`SELECT first_contact_at FROM leads WHERE id = $1`, [leadId])).rows[0].first_contact_at).not.toBeNull();
    const after = await t.http().get(`/api/v1/messages/${reply.body.id}`).set('Authorization', operator.auth);
    expect(after.body).toMatchObject({ status: 'sent', attempts: 1 });
    // Nothing more goes on the next run.
    expect(await dispatch(t)).toMatchObject({ claimed: 0 });
    socket.close();
  });

  it('makes a VK wall comment a conversation and a lead when it asks something; the answer goes under it with wall.createComment', async () => {
    const user = 300_000 + Math.floor(Math.random() * 1e5);
    const post = { post_owner_id: -Number(community.groupId), post_id: 77 };
    await vkEvent(t, community, 'wall_reply_new', { id: 901, from_id: user, date: 1, text: 'Сколько стоит имплант?', ...post });
    await vkEvent(t, community, 'wall_reply_new', { id: 902, from_id: user + 1, date: 1, text: 'Отличная клиника!', ...post });
    // The community's own comments are not inquiries.
    await vkEvent(t, community, 'wall_reply_new', { id: 903, from_id: -Number(community.groupId), date: 1, text: 'Спасибо!', ...post });

    const comments = (
      await t.db.query(`SELECT id, lead_id, patient_id, body, external_ref FROM messages WHERE source_id = $1 AND channel = 'vk_comment' ORDER BY created_at`, [
        community.id,
      ])
    ).rows;
    expect(comments.map((c) => c.body)).toEqual(['Сколько стоит имплант?', 'Отличная клиника!']);
    expect(comments[0].lead_id).toEqual(expect.any(String));
    expect(comments[1]).toMatchObject({ lead_id: null, patient_id: null });
    const {
      rows: [lead],
    } = await t.db.query(`SELECT channel, source_id, branch_id FROM leads WHERE id = $1`, [comments[0].lead_id]);
    expect(lead).toEqual({ channel: 'vk', source_id: community.id, branch_id: branchId });
    // The remark of a stranger waits among the unanswered comments.
    const unlinked = await t.http().get('/api/v1/messages?unlinked=true').set('Authorization', manager.auth);
    expect(unlinked.body.data.map((m: { id: string }) => m.id)).toContain(comments[1].id);

    const answer = await t
      .http()
      .post(`/api/v1/messages/${comments[0].id}/reply`)
      .set('Authorization', manager.auth)
      .send({ text: 'От 35 000 ₽, напишите нам в сообщения.' });
    expect(answer.status).toBe(201);
    const answerPublic = await t.http().post(`/api/v1/messages/${comments[1].id}/reply`).set('Authorization', manager.auth).send({ text: 'Спасибо!' });
    expect(answerPublic.status).toBe(201);
    expect(await dispatch(t)).toMatchObject({ sent: 2 });
    const calls = vk.delivered.filter((c) => c.path === '/method/wall.createComment');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.body).toMatchObject({
      owner_id: String(post.post_owner_id),
      post_id: '77',
      reply_to_comment: '901',
      message: 'От 35 000 ₽, напишите нам в сообщения.',
      from_group: community.groupId,
      guid: answer.body.id,
      access_token: community.accessToken,
      v: '5.199',
    });
    expect(calls[1]!.body).toMatchObject({ reply_to_comment: '902' });
  });

  it('answers a VK private message with messages.send and a random_id that stays the same on a retry', async () => {
    const user = 400_000 + Math.floor(Math.random() * 1e5);
    await vkEvent(t, community, 'message_new', { message: { id: 55, date: 1, peer_id: user, from_id: user, text: 'Добрый день, можно записаться?' } });
    const {
      rows: [inbound],
    } = await t.db.query(`SELECT id, lead_id FROM messages WHERE source_id = $1 AND external_user_id = $2`, [community.id, String(user)]);
    const answer = await t.http().post(`/api/v1/messages/${inbound.id}/reply`).set('Authorization', manager.auth).send({ text: 'Да, на какое время?' });
    expect(answer.status).toBe(201);
    // The first attempt reaches VK but the answer is lost: VK sent it, and recognises the retry by its random_id.
    vk.failNext('drop');
    const before = vk.delivered.length;
    await dispatch(t);
    const attempts = vk.calls.filter((c) => c.path === '/method/messages.send' && c.body.peer_id === String(user));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.body.random_id).toBe(attempts[1]!.body.random_id);
    expect((await t.http().get(`/api/v1/messages/${answer.body.id}`).set('Authorization', manager.auth)).body).toMatchObject({ status: 'sent', attempts: 2 });
    expect(vk.delivered.length - before).toBe(1);
  });

  it('writes by SMS, else e-mail, takes SMS.ru’s delivery report, and records consent given in the conversation', async () => {
    const patient = await createPatient(t);
    await recordConsent(t, { documentId, patientId: patient.id });
    const bySms = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/messages`)
      .set('Authorization', manager.auth)
      .send({ text: 'Результаты анализов готовы.' });
    expect(bySms.status).toBe(201);
    expect(bySms.body).toMatchObject({ channel: 'sms', address: patient.phone });
    const byMail = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/messages`)
      .set('Authorization', manager.auth)
      .send({ text: 'Счёт во вложении.', channel: 'email' });
    expect(byMail.body).toMatchObject({ channel: 'email', address: patient.email });
    expect(
      (await t.http().post(`/api/v1/patients/${patient.id}/messages`).set('Authorization', manager.auth).send({ text: 'x', channel: 'telegram' })).status,
    ).toBe(422);
    await dispatch(t);

    const [smsCall] = sms.succeeded('/sms/send').filter((c) => c.body[`multi[${patient.phone!.slice(1)}]`]);
    expect(smsCall!.body).toMatchObject({ api_id: 'test-api-id', json: '1', [`multi[${patient.phone!.slice(1)}]`]: 'Результаты анализов готовы.' });
    expect(smtp.messages.filter((m) => m.to.includes(patient.email!))).toHaveLength(1);
    expect(smtp.messages.find((m) => m.to.includes(patient.email!))!.raw).toContain(`Message-ID: <${byMail.body.id}@clinicdesk>`);

    const {
      rows: [row],
    } = await t.db.query(`SELECT provider_message_id FROM messages WHERE id = $1`, [bySms.body.id]);
    const callback = (secret: string) =>
      t
        .http()
        .post(`/api/v1/public/messages/sms-ru/${secret}`)
        .type('form')
        .send(`data[]=${encodeURIComponent(`sms_status\n${row.provider_message_id}\n103\n${Math.floor(Date.now() / 1000)}`)}`);
    expect((await callback('wrong-secret-0123456789')).status).toBe(401);
    const ok = await callback('sms-callback-secret-0123456789');
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('100');
    expect((await t.http().get(`/api/v1/messages/${bySms.body.id}`).set('Authorization', manager.auth)).body).toMatchObject({
      status: 'delivered',
      deliveredAt: expect.any(String),
    });
  });

  it('records consent given in a messenger with the person’s message as evidence', async () => {
    const chat = 710_000_000 + Math.floor(Math.random() * 1e6);
    await telegramText(t, bot, { id: chat }, 'Согласна на обработку персональных данных');
    const {
      rows: [inbound],
    } = await t.db.query(`SELECT id, patient_id, lead_id FROM messages WHERE source_id = $1 AND external_user_id = $2`, [bot.id, String(chat)]);
    expect((await t.db.query(`SELECT consent_status FROM leads WHERE id = $1`, [inbound.lead_id])).rows[0].consent_status).toBe('pending');
    const res = await t.http().post(`/api/v1/messages/${inbound.id}/consent`).set('Authorization', manager.auth).send({ documentId });
    expect(res.status).toBe(201);
    const {
      rows: [consent],
    } = await t.db.query(`SELECT channel, operator_id, note, patient_id FROM consents WHERE id = $1`, [res.body.consentId]);
    expect(consent).toMatchObject({ channel: 'messenger', operator_id: manager.id, patient_id: inbound.patient_id });
    expect(consent.note).toContain(inbound.id);
    expect((await t.db.query(`SELECT consent_status FROM leads WHERE id = $1`, [inbound.lead_id])).rows[0].consent_status).toBe('given');
  });
});
