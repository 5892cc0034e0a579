import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, notFound, unprocessable } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { signBody } from '../../common/http/webhook-signature.js';
import { ConsentDocumentsService } from '../consents/consent-documents.service.js';
import type { IntakeSourceTestView } from './dto/intake-source.dto.js';
import type { IntakeSource } from './intake-sources.repository.js';
import { IntakeSourcesRepository } from './intake-sources.repository.js';
import { IntakeRepository } from './intake.repository.js';

const TIMEOUT_MS = 10_000;
/** The person of a test inquiry; each test a number of its own (+7 900 000-xx-xx), so it is an inquiry of its own, not a returning caller. */
const TEST_PERSON = { lastName: 'Тест', firstName: 'Clinicdesk' };
const testPhone = () => `+7900000${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

interface Delivery {
  path: string;
  body: string;
  headers: Record<string, string>;
  /** How the provider names this delivery (the lead is found by it), when its answer does not carry the lead. */
  deliveryId?: string;
}

/**
 * "Send a test inquiry": an inquiry made through the source's own public path, exactly as the provider (website,
 * Tilda, VK, Telegram, the PBX) would send it to this server, signed with the source's own secret. It proves the
 * address, the secret and the settings an admin copies into the provider, and lands in the operators' queue,
 * marked as a test in its message.
 */
@Injectable()
export class IntakeSourceTestService {
  constructor(
    private readonly sources: IntakeSourcesRepository,
    private readonly deliveries: IntakeRepository,
    private readonly documents: ConsentDocumentsService,
    private readonly audit: AuditService,
  ) {}

  /** `selfUrl`: this server as it is reached from itself (the address the request came in on). */
  async send(actor: Actor, id: string, selfUrl: string): Promise<IntakeSourceTestView> {
    const source = await this.sources.findById(id);
    if (!source) throw notFound('Intake source');
    if (!source.active) throw unprocessable('The source is turned off: turn it on to test it');
    const delivery = await this.delivery(source, randomUUID());
    let response: Response;
    try {
      response = await fetch(`${selfUrl}/api/v1${delivery.path}`, {
        method: 'POST',
        body: delivery.body,
        headers: delivery.headers,
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new AppError('UNAVAILABLE', 'The test inquiry could not be sent; try again');
    }
    const text = await response.text();
    if (!response.ok) throw refusal(response.status, text);
    const answer = parse(text);
    const leadId =
      typeof answer?.id === 'string'
        ? answer.id
        : typeof answer?.leadId === 'string'
          ? answer.leadId
          : delivery.deliveryId
            ? await this.deliveries.leadOfDelivery(source.id, delivery.deliveryId)
            : null;
    await this.audit.recordOutsideTransaction(actor, { action: 'intake_source.tested', entity: 'intake_source', entityId: source.id, fields: [source.kind] });
    return { sourceId: source.id, kind: source.kind, leadId: leadId ?? null, path: delivery.path.replace(source.secret, '{key}') };
  }

  private async delivery(source: IntakeSource, tag: string): Promise<Delivery> {
    // Messenger users the networks never give out (negative ids are not people), new each time: every test is an inquiry of its own.
    const messengerUser = -Math.floor(1 + Math.random() * 2_000_000_000);
    const phone = testPhone();
    const message =
      `Тестовое обращение: проверка источника «${source.name}» из Clinicdesk, звонить не нужно. ` +
      `Test inquiry checking the source "${source.name}" from Clinicdesk; no need to call.`;
    const json = { 'Content-Type': 'application/json' };
    switch (source.kind) {
      case 'web_form': {
        const documentId = (await this.documents.current('personal_data').catch(() => null))?.id;
        if (!documentId) throw new AppError('CONSENT_REQUIRED', 'Publish a personal-data consent document first: website forms need it');
        const body = {
          name: `${TEST_PERSON.lastName} ${TEST_PERSON.firstName}`,
          phone,
          message,
          externalId: `clinicdesk-test-${tag}`,
          consent: { documentId, accepted: true },
        };
        return { path: '/public/intake/web-form', body: JSON.stringify(body), headers: { ...json, 'X-Intake-Key': source.secret } };
      }
      case 'tilda': {
        const tranid = `clinicdesk-test:${tag}`;
        const form = new URLSearchParams({
          Name: `${TEST_PERSON.lastName} ${TEST_PERSON.firstName}`,
          Phone: phone,
          Comments: message,
          Checkbox: 'yes',
          tranid,
          formid: 'clinicdesk-test',
        });
        return {
          path: `/public/intake/tilda/${source.secret}`,
          body: form.toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          deliveryId: `tranid:${tranid}`,
        };
      }
      case 'vk': {
        if (!source.settings.secret) throw unprocessable('Set the secret key from VK’s Callback API settings first: VK signs every event with it');
        const eventId = `clinicdesk-test-${tag}`;
        const body = {
          type: 'message_new',
          group_id: Number(source.settings.groupId ?? 0),
          secret: source.settings.secret,
          event_id: eventId,
          object: { message: { id: 0, from_id: messengerUser, text: message } },
        };
        return { path: `/public/intake/vk/${source.id}`, body: JSON.stringify(body), headers: json, deliveryId: eventId };
      }
      case 'telegram': {
        if (!source.settings.secretToken) throw unprocessable('Set the secret token passed to setWebhook first: Telegram sends it with every update');
        // Telegram's own update ids are positive: a negative one never meets a real update.
        const updateId = -Math.floor(1 + Math.random() * 2_000_000_000);
        const body = {
          update_id: updateId,
          message: { from: { id: messengerUser, first_name: TEST_PERSON.firstName, last_name: TEST_PERSON.lastName }, text: message },
        };
        return {
          path: `/public/intake/telegram/${source.id}`,
          body: JSON.stringify(body),
          headers: { ...json, 'X-Telegram-Bot-Api-Secret-Token': source.settings.secretToken },
          deliveryId: `update:${updateId}`,
        };
      }
      case 'telephony': {
        const body = JSON.stringify({
          type: 'call_started',
          callId: `clinicdesk-test-${tag}`,
          direction: 'inbound',
          from: phone,
          to: phone,
          at: new Date().toISOString(),
        });
        return { path: `/public/telephony/${source.id}/events`, body, headers: { ...json, 'X-Signature': signBody(body, source.secret) } };
      }
      case 'manual':
        throw unprocessable('A manual source takes no deliveries: staff enter its inquiries at the desk');
    }
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The source's own endpoint refused the test: say why in the admin's answer. Its 401 (a wrong secret) must not read as
 * the admin's own session ending, so refusals become 422 with the endpoint's answer in the details.
 */
function refusal(status: number, text: string): AppError {
  const envelope = parse(text)?.error as { code?: string; message?: string } | undefined;
  if (status === 429) return new AppError('RATE_LIMITED', envelope?.message ?? 'Too many deliveries for this source; try again later');
  if (status >= 500) return new AppError('UNAVAILABLE', 'The source’s endpoint failed; try again later');
  if (envelope?.code === 'CONSENT_REQUIRED') return new AppError('CONSENT_REQUIRED', envelope.message ?? 'Consent is required');
  return unprocessable(`The source’s endpoint refused the test inquiry: ${envelope?.message ?? `HTTP ${status}`}`, { status, code: envelope?.code ?? null });
}
