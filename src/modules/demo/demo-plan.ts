import type { LeadChannel } from '../leads/lead-lifecycle.js';

/** Where inquiries come from in the demo clinic, how much each channel costs, and what people ask. */
export interface ChannelPlan {
  channel: LeadChannel;
  campaign: string | null;
  /** Share of the day's inquiries in month 1..12 (relative weights). */
  weight: (month: number) => number;
  /** How well the channel's inquiries convert, relative to the operator's usual booking rate. */
  quality: number;
  /** The intake source kind the inquiries arrive through. */
  source: 'web_form' | 'tilda' | 'vk' | 'telegram' | 'telephony' | 'manual';
  /** Monthly budget in roubles (0: free channel); `branch`: spent for that branch only. */
  monthlySpend: (month: number) => number;
  branch?: 'center' | 'east';
  utmSource?: string;
}

const always = (w: number) => () => w;
const inMonths = (months: number[], w: number) => (month: number) => (months.includes(month) ? w : 0);

export const CHANNEL_PLAN: ChannelPlan[] = [
  { channel: 'context_ads', campaign: 'yandex-implants', weight: always(14), quality: 0.9, source: 'tilda', utmSource: 'yandex', monthlySpend: () => 65_000 },
  { channel: 'context_ads', campaign: 'yandex-checkup', weight: always(8), quality: 1.05, source: 'web_form', utmSource: 'yandex', monthlySpend: () => 30_000 },
  { channel: 'seo', campaign: null, weight: always(12), quality: 1.15, source: 'web_form', utmSource: 'google', monthlySpend: () => 35_000 },
  { channel: 'website', campaign: null, weight: always(10), quality: 1.1, source: 'web_form', monthlySpend: () => 0 },
  {
    channel: 'vk',
    campaign: 'vk-spring',
    weight: inMonths([3, 4, 5], 10),
    quality: 0.75,
    source: 'vk',
    utmSource: 'vk',
    monthlySpend: inMonths([3, 4, 5], 30_000),
  },
  {
    channel: 'vk',
    campaign: 'vk-autumn',
    weight: inMonths([9, 10, 11], 10),
    quality: 0.75,
    source: 'vk',
    utmSource: 'vk',
    monthlySpend: inMonths([9, 10, 11], 30_000),
  },
  { channel: 'vk', campaign: null, weight: always(4), quality: 0.8, source: 'vk', monthlySpend: () => 15_000 },
  { channel: 'telegram', campaign: null, weight: always(6), quality: 0.85, source: 'telegram', monthlySpend: () => 8_000 },
  { channel: 'phone', campaign: null, weight: always(16), quality: 1.3, source: 'telephony', monthlySpend: () => 0 },
  { channel: 'tv', campaign: 'tv-october', weight: inMonths([10, 11], 9), quality: 0.7, source: 'telephony', monthlySpend: inMonths([10, 11], 120_000) },
  { channel: 'radio', campaign: 'radio-morning', weight: inMonths([2, 3], 6), quality: 0.8, source: 'telephony', monthlySpend: inMonths([2, 3], 45_000) },
  {
    channel: 'outdoor',
    campaign: 'billboard-lenina',
    weight: inMonths([4, 5, 6, 7, 8], 4),
    quality: 0.9,
    source: 'telephony',
    branch: 'east',
    monthlySpend: inMonths([4, 5, 6, 7, 8], 20_000),
  },
  { channel: 'referral', campaign: null, weight: always(5), quality: 1.5, source: 'manual', monthlySpend: () => 0 },
  { channel: 'walk_in', campaign: null, weight: always(3), quality: 1.6, source: 'manual', monthlySpend: () => 0 },
];

/** What patients ask, by the specialty they need. */
export const REQUESTS: Array<{ specialty: string; messages: string[] }> = [
  {
    specialty: 'therapy',
    messages: ['Хочу записаться к терапевту', 'Нужна справка для бассейна', 'Температура третий день, можно сегодня?', 'Хочу пройти чек-ап'],
  },
  { specialty: 'cardiology', messages: ['Нужна консультация кардиолога', 'Скачет давление, к кому записаться?', 'Сделать ЭКГ с расшифровкой'] },
  { specialty: 'dentistry', messages: ['Болит зуб, можно сегодня?', 'Сколько стоит имплант под ключ?', 'Хочу сделать чистку зубов', 'Интересует имплантация'] },
  { specialty: 'pediatrics', messages: ['Запишите ребёнка к педиатру', 'Нужна справка в детский сад', 'Прививка по календарю'] },
  { specialty: 'gynecology', messages: ['Хочу записаться к гинекологу', 'Плановый осмотр и УЗИ'] },
];

export const LOST_REASONS = ['дорого', 'выбрал другую клинику', 'неудобное время приёма', 'передумал', 'только узнать цену', 'далеко ехать'];
export const CALL_NOTES = {
  booked: ['Записала, напомнила взять паспорт', 'Записала на удобное время, отправила адрес', 'Записал, подобрали врача по отзывам'],
  declined: ['Отказ: дорого', 'Выбрал другую клинику', 'Пока не готов записаться'],
  callback: ['Просит перезвонить вечером', 'Уточнит расписание на работе и перезвонит', 'Перезвонить после зарплаты'],
  consultation: ['Проконсультировала по ценам', 'Рассказала про подготовку к приёму'],
} as const;
export const CANCEL_REASONS = ['заболел', 'перенёс на другой месяц', 'не может отпроситься с работы', 'уехал в командировку'];
export const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 YaBrowser/24.6',
];

/** Inquiries per local hour of the day (relative): mornings and evenings after work are busiest. */
export const HOURLY = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 6, 9, 10, 10, 9, 8, 8, 8, 8, 9, 10, 10, 8, 6, 4, 2];
/** Inquiries per ISO weekday (relative). */
export const WEEKDAY = [0, 1.2, 1.1, 1.05, 1, 0.95, 0.6, 0.45];
