import { useEffect, useState } from 'react';

export type Lang = 'ru' | 'en';

/** The page's language: ?lang=en, or what the visitor chose before, or Russian. */
function initialLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'ru' || asked === 'en') return asked;
  try {
    const saved = localStorage.getItem('clinicdesk.public-lang');
    if (saved === 'ru' || saved === 'en') return saved;
  } catch {
    // Storage can be blocked in a third-party frame.
  }
  return 'ru';
}

export function useLangState(): [Lang, (lang: Lang) => void] {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return [
    lang,
    (next) => {
      setLang(next);
      try {
        localStorage.setItem('clinicdesk.public-lang', next);
      } catch {
        // ignore
      }
    },
  ];
}

/** Fills {{name}} placeholders. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The form of a counted phrase for this number in this language (Russian has one, few and many). */
export function plural(lang: string, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  return fill(forms[new Intl.PluralRules(lang).select(count)] ?? forms.other, { count });
}
