import { formatMoney } from '../../lib/format';
import type { Lang } from '../shared/lang';
import { fill } from '../shared/lang';
import type { PublicDoctor, PublicService } from '../shared/api';
import type { Texts } from '../shared/texts';

/** Services grouped by specialty, each with its price and length. */
export function ServiceStep({ services, lang, t, onPick }: { services: PublicService[]; lang: Lang; t: Texts; onPick: (service: PublicService) => void }) {
  const groups = new Map<string, PublicService[]>();
  for (const s of services) groups.set(s.specialty.name, [...(groups.get(s.specialty.name) ?? []), s]);
  if (!services.length) return <p className="cd-note">{t.widget.noServices}</p>;
  return (
    <section aria-labelledby="cd-step-title">
      <h2 id="cd-step-title">{t.widget.chooseService}</h2>
      {[...groups.entries()].map(([specialty, items]) => (
        <div key={specialty} className="cd-group">
          <h3>{specialty}</h3>
          <ul className="cd-options">
            {items.map((s) => (
              <li key={s.id}>
                <button type="button" className="cd-option" onClick={() => onPick(s)}>
                  <span className="cd-option-title">{s.name}</span>
                  <span className="cd-option-meta">
                    {formatMoney(s.price, s.currency, lang)} · {fill(t.widget.minutes, { count: s.durationMin })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** "Any doctor", then each doctor who provides the service, with what patients choose doctors by. */
export function DoctorStep({
  doctors,
  service,
  lang,
  t,
  onPick,
}: {
  doctors: PublicDoctor[];
  service: PublicService;
  lang: Lang;
  t: Texts;
  onPick: (doctor: PublicDoctor | null) => void;
}) {
  return (
    <section aria-labelledby="cd-step-title">
      <h2 id="cd-step-title">{t.widget.chooseDoctor}</h2>
      <ul className="cd-options">
        <li>
          <button type="button" className="cd-option" onClick={() => onPick(null)}>
            <span className="cd-option-title">{t.widget.anyDoctor}</span>
            <span className="cd-option-meta">{t.widget.anyDoctorHint}</span>
          </button>
        </li>
        {doctors.map((d) => {
          const own = d.services.find((s) => s.serviceId === service.id);
          return (
            <li key={d.id}>
              <button type="button" className="cd-option cd-doctor" onClick={() => onPick(d)}>
                {d.photoUrl && <img src={d.photoUrl} alt="" width={48} height={48} />}
                <span>
                  <span className="cd-option-title">{d.fullName}</span>
                  <span className="cd-option-meta">
                    {[
                      d.specialties.map((s) => s.name).join(', '),
                      d.qualification,
                      d.practicingSince ? fill(t.widget.since, { year: d.practicingSince }) : null,
                      own ? formatMoney(own.price, own.currency, lang) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                  {d.licenseNumber && <span className="cd-option-meta">{fill(t.widget.license, { number: d.licenseNumber })}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
