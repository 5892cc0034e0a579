const ASKING = [
  'сколько',
  'стоимость',
  'цена',
  'цены',
  'почем',
  'прайс',
  'как записаться',
  'записаться',
  'запись',
  'записать',
  'можно ли',
  'можно',
  'подскажите',
  'скажите',
  'уточните',
  'есть ли',
  'когда',
  'где',
  'какой',
  'какая',
  'какие',
  'работаете',
  'принимает',
  'прием',
  'хочу',
  'нужно',
  'интересует',
  'консультац',
  'how much',
  'price',
  'book',
  'appointment',
  'can i',
  'do you',
  'when',
  'where',
];

/**
 * Whether a public comment asks the clinic something (and so should reach an operator as an inquiry), rather than
 * a thank-you or a remark: a question mark, or a word people use to ask about prices, visits and booking.
 */
export function looksLikeQuestion(text: string | null | undefined): boolean {
  if (!text) return false;
  if (text.includes('?')) return true;
  const lower = text.toLowerCase().replace(/ё/g, 'е');
  return ASKING.some((word) => new RegExp(`(^|[^\\p{L}])${word}`, 'u').test(lower));
}
