import type { MessagePurpose } from './message-types.js';
import type { MessageRow } from './messages.repository.js';
import type { Language } from './templates.js';

const LABELS: Record<Language, { confirm: string; cancel: string; subjects: Record<MessagePurpose, string> }> = {
  ru: {
    confirm: 'Подтвердить',
    cancel: 'Отменить запись',
    subjects: {
      reply: 'Сообщение',
      confirmation: 'Запись на приём',
      reminder: 'Напоминание о приёме',
      feedback: 'Как прошёл приём?',
      recall: 'Плановый визит',
      marketing: 'Новости',
    },
  },
  en: {
    confirm: 'Confirm',
    cancel: 'Cancel the visit',
    subjects: {
      reply: 'Message',
      confirmation: 'Your appointment',
      reminder: 'Appointment reminder',
      feedback: 'How was your visit?',
      recall: 'Time for a check-up',
      marketing: 'News',
    },
  },
};

/** What a pressed Telegram button says: `confirm:<message id>`, `cancel:<message id>` or `rate:<message id>:<1-5>` (within Telegram's 64 bytes). */
export type ButtonAnswer = { kind: 'confirm' | 'cancel'; messageId: string } | { kind: 'rate'; messageId: string; rating: number };

export function parseButton(data: string | null | undefined): ButtonAnswer | null {
  const match = /^(confirm|cancel|rate):([0-9a-f-]{36})(?::([1-5]))?$/.exec(data ?? '');
  if (!match) return null;
  if (match[1] === 'rate') return match[3] ? { kind: 'rate', messageId: match[2]!, rating: Number(match[3]) } : null;
  return match[3] ? null : { kind: match[1] as 'confirm' | 'cancel', messageId: match[2]! };
}

/** Telegram buttons of a message: confirm / cancel under confirmations and reminders, 1-5 under feedback requests. */
export function buttonsFor(m: Pick<MessageRow, 'id' | 'purpose'>, language: Language): { text: string; data: string }[][] | undefined {
  const labels = LABELS[language];
  if (m.purpose === 'confirmation' || m.purpose === 'reminder') {
    return [
      [
        { text: labels.confirm, data: `confirm:${m.id}` },
        { text: labels.cancel, data: `cancel:${m.id}` },
      ],
    ];
  }
  if (m.purpose === 'feedback') return [[1, 2, 3, 4, 5].map((n) => ({ text: String(n), data: `rate:${m.id}:${n}` }))];
  return undefined;
}

export function subjectFor(purpose: MessagePurpose, language: Language, clinic: string | null): string {
  const subject = LABELS[language].subjects[purpose];
  return clinic ? `${clinic}: ${subject}` : subject;
}

/** What the clinic answers to a person's reply, in their branch's language. */
export const ACKNOWLEDGEMENTS: Record<Language, Record<'confirmed' | 'cancelled' | 'rated' | 'unchanged' | 'stopped' | 'started', string>> = {
  ru: {
    confirmed: 'Спасибо, запись подтверждена. Ждём вас!',
    cancelled: 'Запись отменена. Если захотите записаться снова, напишите нам.',
    rated: 'Спасибо за оценку!',
    unchanged: 'Эту запись уже нельзя изменить. Напишите нам, и мы поможем.',
    stopped: 'Хорошо, больше не будем присылать такие сообщения. Чтобы снова их получать, напишите СТАРТ.',
    started: 'Хорошо, снова будем присылать напоминания.',
  },
  en: {
    confirmed: 'Thank you, your visit is confirmed. See you!',
    cancelled: 'Your visit is cancelled. Write to us whenever you want to book again.',
    rated: 'Thank you for your rating!',
    unchanged: 'This visit can no longer be changed. Write to us and we will help.',
    stopped: 'Done: no more messages like this. Write START to get them again.',
    started: 'Done: you will get reminders again.',
  },
};
