import { type FormEvent, useState } from 'react';
import type { ConsentText } from '../shared/api';
import type { Texts } from '../shared/texts';

export interface Contact {
  lastName: string;
  firstName: string;
  phone: string;
  email: string;
  comment: string;
  marketing: boolean;
}

/** The person's details and their consent, with the full text of what they agree to one click away. */
export function ContactStep({
  t,
  consent,
  marketing,
  summary,
  busy,
  error,
  onSubmit,
}: {
  t: Texts;
  consent: ConsentText | undefined;
  marketing: ConsentText | undefined;
  summary: React.ReactNode;
  busy: boolean;
  error: string | null;
  onSubmit: (contact: Contact) => void;
}) {
  const [contact, setContact] = useState<Contact>({ lastName: '', firstName: '', phone: '', email: '', comment: '', marketing: false });
  const [agreed, setAgreed] = useState(false);
  const [tried, setTried] = useState(false);
  const set = (field: keyof Contact) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const value = e.currentTarget.value;
    setContact((c) => ({ ...c, [field]: value }));
  };
  const problems = {
    lastName: !contact.lastName.trim() ? t.widget.required : null,
    firstName: !contact.firstName.trim() ? t.widget.required : null,
    phone: !contact.phone.trim() ? t.widget.required : contact.phone.replace(/\D/g, '').length < 10 ? t.widget.phoneInvalid : null,
    consent: !agreed ? t.widget.consentRequired : null,
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.values(problems).some(Boolean) || !consent) return;
    onSubmit(contact);
  };
  const field = (name: 'lastName' | 'firstName' | 'phone', label: string, type = 'text', autoComplete?: string) => (
    <div className="cd-field">
      <label htmlFor={`cd-${name}`}>
        {label} <span aria-hidden>*</span>
      </label>
      <input
        id={`cd-${name}`}
        type={type}
        required
        value={contact[name]}
        onChange={set(name)}
        autoComplete={autoComplete}
        aria-invalid={tried && !!problems[name]}
        aria-describedby={tried && problems[name] ? `cd-${name}-error` : undefined}
      />
      {tried && problems[name] && (
        <span id={`cd-${name}-error`} className="cd-error">
          {problems[name]}
        </span>
      )}
    </div>
  );
  return (
    <section aria-labelledby="cd-step-title">
      <h2 id="cd-step-title">{t.widget.yourDetails}</h2>
      {summary}
      <form onSubmit={submit} noValidate>
        <div className="cd-row">
          {field('lastName', t.widget.lastName, 'text', 'family-name')}
          {field('firstName', t.widget.firstName, 'text', 'given-name')}
        </div>
        {field('phone', t.widget.phone, 'tel', 'tel')}
        <div className="cd-field">
          <label htmlFor="cd-email">{t.widget.email}</label>
          <input id="cd-email" type="email" value={contact.email} onChange={set('email')} autoComplete="email" />
        </div>
        <div className="cd-field">
          <label htmlFor="cd-comment">{t.widget.comment}</label>
          <textarea id="cd-comment" rows={2} value={contact.comment} onChange={set('comment')} maxLength={2000} />
        </div>
        <div className="cd-consent">
          <label className="cd-check">
            <input
              type="checkbox"
              checked={agreed}
              onChange={(e) => setAgreed(e.currentTarget.checked)}
              aria-invalid={tried && !!problems.consent}
              aria-describedby={tried && problems.consent ? 'cd-consent-error' : undefined}
            />
            <span>
              {t.widget.consent} <span aria-hidden>*</span>
            </span>
          </label>
          {consent && (
            <details>
              <summary>
                {t.widget.consentText}: «{consent.title}»
              </summary>
              <div className="cd-document">
                {consent.body.split('\n').map((line, i) => (
                  <p key={i}>{line}</p>
                ))}
              </div>
            </details>
          )}
          {tried && problems.consent && (
            <span id="cd-consent-error" className="cd-error">
              {problems.consent}
            </span>
          )}
        </div>
        {marketing && (
          <div className="cd-consent">
            <label className="cd-check">
              <input
                type="checkbox"
                checked={contact.marketing}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  setContact((c) => ({ ...c, marketing: checked }));
                }}
              />
              <span>{t.widget.marketing}</span>
            </label>
            <details>
              <summary>
                {t.widget.consentText}: «{marketing.title}»
              </summary>
              <div className="cd-document">
                {marketing.body.split('\n').map((line, i) => (
                  <p key={i}>{line}</p>
                ))}
              </div>
            </details>
          </div>
        )}
        {error && (
          <p className="cd-alert" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="cd-button" disabled={busy}>
          {t.widget.book}
        </button>
      </form>
    </section>
  );
}
