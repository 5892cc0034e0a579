import type { Lang } from './lang';

/** Русский · English */
export function LangSwitch({ lang, onChange, label }: { lang: Lang; onChange: (lang: Lang) => void; label: string }) {
  return (
    <nav className="cd-lang" aria-label={label}>
      {(['ru', 'en'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => onChange(l)}>
          {l === 'ru' ? 'Русский' : 'English'}
        </button>
      ))}
    </nav>
  );
}
