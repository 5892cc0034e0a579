import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeMessage } from '../../../api/realtime';
import { leadQueryOptions, type Lead } from './get-lead';
import { type QueueItem, type QueueLead, workQueueQueryOptions } from './get-work-queue';
import { addTakenNote } from './taken-notes';

type LeadEvent = RealtimeMessage<'lead.created'>['data'];

/**
 * Lead events update the queue and the open lead card in the cache at once (a new lead shows without a round
 * trip); the queue is then reloaded in the background, so the server's view wins.
 */
export function applyLeadEvent(queryClient: QueryClient, message: RealtimeMessage, myId: string): void {
  const key = workQueueQueryOptions().queryKey;
  switch (message.type) {
    case 'lead.created':
    case 'lead.assigned':
    case 'lead.updated': {
      const lead = message.data as LeadEvent;
      const before = queryClient.getQueryData(key)?.data.find((item) => item.kind === 'lead' && item.lead.id === lead.leadId);
      queryClient.setQueryData(key, (queue) => queue && { data: placeInQueue(queue.data, lead, myId) });
      if (before?.reason === 'available' && lead.assignedOperatorId && lead.assignedOperatorId !== myId) addTakenNote({ leadId: lead.leadId, name: lead.name });
      queryClient.setQueryData(leadQueryOptions(lead.leadId).queryKey, (card) => card && mergeIntoCard(card, lead));
      void queryClient.invalidateQueries({ queryKey: leadQueryOptions(lead.leadId).queryKey });
      if (message.type !== 'lead.created') void queryClient.invalidateQueries({ queryKey: ['patients', lead.patientId] });
      refreshSoon(queryClient);
      return;
    }
    case 'lead.sla_breached': {
      const { leadId } = message.data as RealtimeMessage<'lead.sla_breached'>['data'];
      queryClient.setQueryData(
        key,
        (queue) =>
          queue && {
            data: queue.data.map((item) => (item.lead.id === leadId ? { ...item, lead: { ...item.lead, slaBreached: true } } : item)),
          },
      );
      queryClient.setQueryData(leadQueryOptions(leadId).queryKey, (card) => card && { ...card, slaBreached: true });
      return;
    }
    case 'lead.restricted': {
      // The person withdrew consent: their lead leaves the queue, and an open card reloads to say it is out of reach.
      const { leadId } = message.data as RealtimeMessage<'lead.restricted'>['data'];
      queryClient.setQueryData(key, (queue) => queue && { data: queue.data.filter((item) => item.lead.id !== leadId) });
      void queryClient.invalidateQueries({ queryKey: leadQueryOptions(leadId).queryKey });
      refreshSoon(queryClient);
      return;
    }
    case 'callback.due':
    case 'call.incoming':
      refreshSoon(queryClient);
      return;
    default:
  }
}

/** Where a lead belongs in my queue now: mine, waiting to be claimed, or gone (someone else's, or closed). */
function placeInQueue(items: QueueItem[], event: LeadEvent, myId: string): QueueItem[] {
  const lead = toQueueLead(event);
  const open = ['new', 'assigned', 'in_progress'].includes(event.status);
  const mine = open && event.assignedOperatorId === myId;
  const waiting = event.status === 'new' && !event.assignedOperatorId;
  const rest = items.filter((item) => !(item.kind === 'lead' && item.lead.id === lead.id)).map((item) => (item.lead.id === lead.id ? { ...item, lead } : item));
  if (!mine && !waiting) return rest;
  const item: QueueItem = { kind: 'lead', reason: mine ? 'claimed' : 'available', dueAt: event.firstContactAt ? null : event.slaDueAt, lead };
  return [...rest, item];
}

function toQueueLead(e: LeadEvent): QueueLead {
  return {
    id: e.leadId,
    status: e.status,
    channel: e.channel,
    utmSource: e.utmSource ?? null,
    utmCampaign: e.utmCampaign ?? null,
    patientId: e.patientId,
    name: e.name,
    phone: e.phone,
    consentStatus: e.consentStatus,
    assignedOperatorId: e.assignedOperatorId,
    slaDueAt: e.slaDueAt,
    slaBreached: e.slaBreached,
    firstContactAt: e.firstContactAt,
    createdAt: e.createdAt,
  };
}

function mergeIntoCard(card: Lead, e: LeadEvent): Lead {
  return {
    ...card,
    status: e.status,
    assignedOperatorId: e.assignedOperatorId,
    consentStatus: e.consentStatus,
    slaDueAt: e.slaDueAt,
    slaBreached: e.slaBreached,
    firstContactAt: e.firstContactAt,
  };
}

let timer: ReturnType<typeof setTimeout> | undefined;

/** Reloads the queue shortly after a burst of events, once. */
function refreshSoon(queryClient: QueryClient): void {
  clearTimeout(timer);
  timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: workQueueQueryOptions().queryKey }), 400);
}
