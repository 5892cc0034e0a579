/** What a person's short reply means, when it is one of the words the messages ask for. */
export type ReplyMeaning =
  { kind: 'confirm' } | { kind: 'cancel' } | { kind: 'stop' } | { kind: 'start' } | { kind: 'rating'; rating: number; comment: string | null };

const CONFIRM = ['да', 'yes', 'y', 'подтверждаю', 'подтвердить', 'подтверждаю запись', 'приду', 'буду', 'ok', 'ок', 'confirm', 'confirmed', 'ага', 'конечно'];
const CANCEL = ['отмена', 'отменить', 'отменяю', 'отмените', 'отменить запись', 'отмените запись', 'не приду', 'не смогу', 'cancel', 'no', 'нет'];
const STOP = ['stop', 'стоп', '/stop', 'отписаться', 'unsubscribe', 'не присылайте', 'не пишите'];
const START = ['start', 'старт', 'подписаться', 'subscribe'];

/** Lower case, without surrounding punctuation or emoji, single spaces: "  Да!! 👍" -> "да". */
export function normalizeReply(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}/+\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A STOP or START word sent on its own, whatever message it answers. */
export function subscriptionWord(text: string | null | undefined): 'stop' | 'start' | null {
  if (!text) return null;
  const word = normalizeReply(text);
  if (STOP.includes(word)) return 'stop';
  if (START.includes(word)) return 'start';
  return null;
}

/** "Да" / "Отмена" to a confirmation or reminder: only the word alone counts, so a question is never taken for an answer. */
export function confirmationAnswer(text: string | null | undefined): 'confirm' | 'cancel' | null {
  if (!text) return null;
  const word = normalizeReply(text);
  if (CONFIRM.includes(word)) return 'confirm';
  if (CANCEL.includes(word)) return 'cancel';
  return null;
}

/** "5", "4 - all good", "5/5 спасибо": a score from 1 to 5 first, then an optional comment. */
export function ratingAnswer(text: string | null | undefined): { rating: number; comment: string | null } | null {
  if (!text) return null;
  const match = /^\s*([1-5])(?:\s*(?:\/\s*5|из\s*5|of\s*5))?(?![0-9])(?:\s*[-–—.,:;!)]*\s*)([\s\S]*)$/iu.exec(text);
  if (!match) return null;
  const comment = match[2]!.trim();
  return { rating: Number(match[1]), comment: comment ? comment.slice(0, 2000) : null };
}
