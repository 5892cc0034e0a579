import { useEffect, useRef, useState } from 'react';
import { formatDateTime, formatPhone } from '../../lib/format';
import { addDays } from '../../lib/zoned-time';
import { type Booking, publicApi, PublicError, type PublicDoctor, type PublicService, type Slot } from '../shared/api';
import { fill, useLangState } from '../shared/lang';
import { LangSwitch } from '../shared/lang-switch';
import { errorMessage, texts } from '../shared/texts';
import { type Contact, ContactStep } from './contact-step';
import { clinicToday, SlotStep, WEEK } from './slot-step';
import { DoctorStep, ServiceStep } from './steps';
import { useLoad } from './use-load';

type Step = 'service' | 'doctor' | 'slot' | 'contact' | 'done';
const ORDER: Step[] = ['service', 'doctor', 'slot', 'contact'];

/**
 * Online booking for the clinic's website: service, doctor (or any), a free time, the person's details with a
 * separate consent checkbox and its text, then the booking. A time someone else took meanwhile sends the person back
 * to the times, with a note. `key` is the website form source's intake key.
 */
export function BookingWidget({ intakeKey, preset }: { intakeKey: string | null; preset: { serviceId?: string; doctorId?: string } }) {
  const [lang, setLang] = useLangState();
  const t = texts[lang];
  const [step, setStep] = useState<Step>('service');
  const [service, setService] = useState<PublicService | null>(null);
  const [doctor, setDoctor] = useState<PublicDoctor | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [bookingError, setBookingError] = useState<string | null>(null);
  const [booking, setBooking] = useState<Booking | null>(null);
  const attempt = useRef(randomId());

  const services = useLoad(() => publicApi.services(), []);
  const branches = useLoad(() => publicApi.branches(), []);
  const doctors = useLoad(service ? () => publicApi.doctors(service.id) : null, [service?.id]);
  const today = clinicToday(branches.data ?? []);
  const [from, setFrom] = useState<string | null>(null);
  const weekFrom = from ?? today;
  const slots = useLoad(
    service && step === 'slot'
      ? () => publicApi.availability({ serviceId: service.id, doctorId: doctor?.id, from: weekFrom, to: addDays(weekFrom, WEEK - 1) })
      : null,
    [service?.id, doctor?.id, weekFrom, step],
  );
  const consent = useLoad(step === 'contact' ? () => publicApi.consentText('personal_data') : null, [step]);
  const marketing = useLoad(step === 'contact' ? () => publicApi.consentText('marketing') : null, [step]);

  // A link may preselect a service (and a doctor).
  useEffect(() => {
    const preselected = services.data?.find((s) => s.id === preset.serviceId);
    if (preselected && step === 'service') {
      setService(preselected);
      setStep('doctor');
    }
  }, [services.data]);
  useEffect(() => {
    const preselected = doctors.data?.find((d) => d.id === preset.doctorId);
    if (preselected && step === 'doctor') {
      setDoctor(preselected);
      setStep('slot');
    }
  }, [doctors.data]);

  const zoneOf = (branchId: string) => branches.data?.find((b) => b.id === branchId)?.timezone ?? 'Europe/Moscow';
  const doctorName = (id: string) => doctors.data?.find((d) => d.id === id)?.fullName ?? doctor?.fullName ?? '';
  const branch = slot ? branches.data?.find((b) => b.id === slot.branchId) : undefined;

  const book = (contact: Contact) => {
    if (!intakeKey || !service || !slot || !consent.data) return;
    setBusy(true);
    setBookingError(null);
    publicApi
      .book(
        intakeKey,
        {
          serviceId: service.id,
          doctorId: slot.doctorId,
          branchId: slot.branchId,
          startsAt: slot.startsAt,
          patient: {
            lastName: contact.lastName.trim(),
            firstName: contact.firstName.trim(),
            phone: contact.phone.trim(),
            ...(contact.email.trim() ? { email: contact.email.trim() } : {}),
          },
          consent: { documentId: consent.data.id, accepted: true },
          ...(contact.marketing && marketing.data ? { marketingConsent: { documentId: marketing.data.id, accepted: true } } : {}),
          ...(contact.comment.trim() ? { comment: contact.comment.trim() } : {}),
          pageUrl: document.referrer || location.href,
        },
        attempt.current,
      )
      .then(
        (done) => {
          setBooking(done);
          setStep('done');
        },
        (error: unknown) => {
          const code = error instanceof PublicError ? error.code : 'UNKNOWN';
          // The request was answered: a new attempt is a new request.
          attempt.current = randomId();
          if (code === 'SLOT_TAKEN' || code === 'OUTSIDE_WORKING_HOURS') {
            setNotice(errorMessage(t, code));
            setSlot(null);
            setStep('slot');
            slots.reload();
          } else {
            if (code === 'CONSENT_REQUIRED') consent.reload();
            setBookingError(errorMessage(t, code));
          }
        },
      )
      .finally(() => setBusy(false));
  };

  const restart = () => {
    setService(null);
    setDoctor(null);
    setSlot(null);
    setBooking(null);
    setNotice(null);
    setFrom(null);
    setStep('service');
  };
  const back = () => setStep(ORDER[ORDER.indexOf(step) - 1] ?? 'service');
  const stepNumber = ORDER.indexOf(step) + 1;
  const summary =
    service && slot ? (
      <dl className="cd-facts cd-summary" aria-label={t.widget.summary}>
        <dt>{t.widget.service}</dt>
        <dd>{service.name}</dd>
        <dt>{t.widget.doctor}</dt>
        <dd>{doctorName(slot.doctorId)}</dd>
        <dt>{t.widget.when}</dt>
        <dd>{formatDateTime(slot.startsAt, zoneOf(slot.branchId), lang)}</dd>
        {branch && (
          <>
            <dt>{t.widget.where}</dt>
            <dd>{[branch.name, branch.address].filter(Boolean).join(', ')}</dd>
          </>
        )}
      </dl>
    ) : null;

  return (
    <main className="cd-page cd-widget">
      <header className="cd-header">
        <h1>{step === 'done' ? t.widget.doneTitle : t.widget.title}</h1>
        <LangSwitch lang={lang} onChange={setLang} label={t.language} />
      </header>
      {!intakeKey && (
        <p className="cd-alert" role="alert">
          {t.errors.UNAUTHENTICATED}
        </p>
      )}
      {step !== 'done' && (
        <div className="cd-progress">
          <ol aria-label={fill(t.widget.progress, { step: stepNumber, name: t.widget.steps[step] })}>
            {ORDER.map((s, i) => (
              <li key={s} aria-current={s === step ? 'step' : undefined} className={i < stepNumber ? 'cd-reached' : undefined}>
                {t.widget.steps[s]}
              </li>
            ))}
          </ol>
          {step !== 'service' && (
            <button type="button" className="cd-link" onClick={back}>
              ← {t.back}
            </button>
          )}
        </div>
      )}
      {step === 'service' &&
        (services.error ? (
          <LoadError code={services.error} t={t} onRetry={services.reload} />
        ) : !services.data ? (
          <p aria-live="polite">{t.loading}</p>
        ) : (
          <ServiceStep
            services={services.data}
            lang={lang}
            t={t}
            onPick={(s) => {
              setService(s);
              setDoctor(null);
              setStep('doctor');
            }}
          />
        ))}
      {step === 'doctor' &&
        service &&
        (doctors.error ? (
          <LoadError code={doctors.error} t={t} onRetry={doctors.reload} />
        ) : !doctors.data ? (
          <p aria-live="polite">{t.loading}</p>
        ) : (
          <DoctorStep
            doctors={doctors.data}
            service={service}
            lang={lang}
            t={t}
            onPick={(d) => {
              setDoctor(d);
              setNotice(null);
              setStep('slot');
            }}
          />
        ))}
      {step === 'slot' && (
        <SlotStep
          slots={slots.data}
          loading={slots.loading}
          error={slots.error}
          doctors={doctors.data ?? []}
          branches={branches.data ?? []}
          from={weekFrom}
          today={today}
          lang={lang}
          t={t}
          notice={notice}
          onWeek={setFrom}
          onRetry={slots.reload}
          onPick={(s) => {
            setSlot(s);
            setNotice(null);
            setStep('contact');
          }}
        />
      )}
      {step === 'contact' &&
        (consent.error ? (
          <LoadError code={consent.error} t={t} onRetry={consent.reload} />
        ) : (
          <ContactStep
            t={t}
            consent={consent.data}
            marketing={marketing.data}
            summary={summary}
            busy={busy || !consent.data}
            error={bookingError}
            onSubmit={book}
          />
        ))}
      {step === 'done' && booking && slot && (
        <section className="cd-card" role="status">
          <p className="cd-success">{fill(t.widget.doneText, { when: formatDateTime(booking.startsAt, zoneOf(slot.branchId), lang) })}</p>
          {summary}
          {branch && <p>{fill(t.widget.call, { phone: branch.phone ? `: ${formatPhone(branch.phone)}` : '' })}</p>}
          {booking.consentWithdrawalToken && (
            <p>
              <a href={`/consent/withdraw#token=${encodeURIComponent(booking.consentWithdrawalToken)}`} target="_blank" rel="noopener">
                {t.widget.withdraw}
              </a>
            </p>
          )}
          <button type="button" className="cd-link" onClick={restart}>
            {t.widget.another}
          </button>
        </section>
      )}
    </main>
  );
}

function LoadError({ code, t, onRetry }: { code: string; t: (typeof texts)['ru']; onRetry: () => void }) {
  return (
    <div className="cd-alert" role="alert">
      <p>{errorMessage(t, code)}</p>
      <button type="button" className="cd-link" onClick={onRetry}>
        {t.retry}
      </button>
    </div>
  );
}

/** An id for one booking attempt (its Idempotency-Key): a retry of the same request books once. */
function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
