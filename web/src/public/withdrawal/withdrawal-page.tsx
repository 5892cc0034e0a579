import { useEffect, useState } from 'react';
import { formatDate } from '../../lib/format';
import { publicApi, PublicError, type WithdrawalPreview } from '../shared/api';
import { fill, useLangState } from '../shared/lang';
import { LangSwitch } from '../shared/lang-switch';
import { errorMessage, texts } from '../shared/texts';

/** The token from the link: in the fragment (#token=…, never sent to a server log) or the query. */
function tokenFromLink(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  return fromHash ?? new URLSearchParams(location.search).get('token');
}

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** What the link withdraws (the text agreed to, when), then a confirmation, then the result. */
export function WithdrawalPage() {
  const [lang, setLang] = useLangState();
  const t = texts[lang];
  const [token] = useState(tokenFromLink);
  const [preview, setPreview] = useState<WithdrawalPreview | null>(null);
  const [error, setError] = useState<string | null>(token ? null : 'NO_TOKEN');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const load = () => {
    if (!token) return;
    setError(null);
    publicApi.withdrawal(token).then(setPreview, (e: unknown) => setError(e instanceof PublicError ? e.code : 'UNKNOWN'));
  };
  useEffect(load, [token]);

  const withdraw = () => {
    setBusy(true);
    publicApi
      .withdraw(token!)
      .then(
        (r) => setDone(r.withdrawnAt),
        (e: unknown) => setError(e instanceof PublicError ? e.code : 'UNKNOWN'),
      )
      .finally(() => setBusy(false));
  };

  const date = (value: string) => formatDate(value, ZONE, lang);
  return (
    <main className="cd-page">
      <header className="cd-header">
        <h1>{done ? t.withdrawal.withdrawnTitle : t.withdrawal.title}</h1>
        <LangSwitch lang={lang} onChange={setLang} label={t.language} />
      </header>
      {error === 'NO_TOKEN' && (
        <p className="cd-alert" role="alert">
          {t.withdrawal.noToken}
        </p>
      )}
      {error && error !== 'NO_TOKEN' && (
        <div className="cd-alert" role="alert">
          <p>{errorMessage(t, error)}</p>
          {error !== 'NOT_FOUND' && (
            <button type="button" className="cd-link" onClick={load}>
              {t.retry}
            </button>
          )}
        </div>
      )}
      {!error && !preview && token && <p aria-live="polite">{t.loading}</p>}
      {preview && !done && (
        <section className="cd-card">
          <p>
            {t.withdrawal.intro} <strong>{t.withdrawal.kinds[preview.kind]}</strong>.
          </p>
          <dl className="cd-facts">
            <dt>{t.withdrawal.document}</dt>
            <dd>
              «{preview.documentTitle}», {fill(t.withdrawal.version, { version: preview.documentVersion })}
            </dd>
            <dt>{t.withdrawal.given}</dt>
            <dd>{date(preview.grantedAt)}</dd>
          </dl>
          {preview.withdrawnAt ? (
            <p className="cd-note" role="status">
              {fill(t.withdrawal.already, { date: date(preview.withdrawnAt) })}
            </p>
          ) : (
            <>
              <p>{t.withdrawal.effect}</p>
              <button type="button" className="cd-button cd-danger" disabled={busy} onClick={withdraw}>
                {t.withdrawal.confirm}
              </button>
            </>
          )}
        </section>
      )}
      {done && (
        <p className="cd-success" role="status">
          {fill(t.withdrawal.withdrawnAt, { date: date(done) })}
        </p>
      )}
    </main>
  );
}
