import { useState } from 'react';
import { formatDay, formatTime } from '../../lib/format';
import { addDays, localDateOf } from '../../lib/zoned-time';
import type { PublicBranch, PublicDoctor, Slot } from '../shared/api';
import type { Lang } from '../shared/lang';
import { fill, plural } from '../shared/lang';
import { errorMessage, type Texts } from '../shared/texts';

export const WEEK = 7;

/** Free times of a week, by day and doctor, in each branch's local time; earlier and later weeks. */
export function SlotStep({
  slots,
  loading,
  error,
  doctors,
  branches,
  from,
  today,
  lang,
  t,
  notice,
  onWeek,
  onPick,
  onRetry,
}: {
  slots: Slot[] | undefined;
  loading: boolean;
  error: string | null;
  doctors: PublicDoctor[];
  branches: PublicBranch[];
  from: string;
  today: string;
  lang: Lang;
  t: Texts;
  notice: string | null;
  onWeek: (from: string) => void;
  onPick: (slot: Slot) => void;
  onRetry: () => void;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  const zoneOf = (branchId: string) => branches.find((b) => b.id === branchId)?.timezone ?? 'Europe/Moscow';
  const nameOf = (doctorId: string) => doctors.find((d) => d.id === doctorId)?.fullName ?? '';
  const days = new Map<string, Map<string, Slot[]>>();
  for (const slot of slots ?? []) {
    const day = localDateOf(zoneOf(slot.branchId), Date.parse(slot.startsAt));
    const byDoctor = days.get(day) ?? new Map<string, Slot[]>();
    byDoctor.set(slot.doctorId, [...(byDoctor.get(slot.doctorId) ?? []), slot]);
    days.set(day, byDoctor);
  }
  const sorted = [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
  const shownDay = picked && days.has(picked) ? picked : sorted[0]?.[0];
  const shown = shownDay ? days.get(shownDay) : undefined;
  return (
    <section aria-labelledby="cd-step-title">
      <h2 id="cd-step-title">{t.widget.chooseSlot}</h2>
      {notice && (
        <p className="cd-alert" role="alert">
          {notice}
        </p>
      )}
      <div className="cd-week">
        <button type="button" className="cd-link" disabled={from <= today} onClick={() => onWeek(addDays(from, -WEEK) < today ? today : addDays(from, -WEEK))}>
          ← {t.widget.earlier}
        </button>
        <button type="button" className="cd-link" onClick={() => onWeek(addDays(from, WEEK))}>
          {t.widget.later} →
        </button>
      </div>
      {error ? (
        <div className="cd-alert" role="alert">
          <p>{errorMessage(t, error)}</p>
          <button type="button" className="cd-link" onClick={onRetry}>
            {t.retry}
          </button>
        </div>
      ) : loading && !slots ? (
        <p aria-live="polite">{t.loading}</p>
      ) : !sorted.length ? (
        <p className="cd-note">{t.widget.noSlots}</p>
      ) : (
        <>
          <div className="cd-days" role="group" aria-label={t.widget.chooseSlot}>
            {sorted.map(([day, byDoctor]) => {
              const first = [...byDoctor.values()][0]![0]!;
              const count = [...byDoctor.values()].reduce((n, items) => n + items.length, 0);
              return (
                <button key={day} type="button" className="cd-daychip" aria-pressed={day === shownDay} onClick={() => setPicked(day)}>
                  <span>{formatDay(first.startsAt, zoneOf(first.branchId), lang)}</span>
                  <span className="cd-option-meta">{plural(lang, count, t.widget.freeSlots)}</span>
                </button>
              );
            })}
          </div>
          {shown &&
            [...shown.entries()].map(([doctorId, items]) => (
              <div key={doctorId} className="cd-doctor-times">
                <p className="cd-doctor-name">{nameOf(doctorId)}</p>
                <ul className="cd-times">
                  {items.map((slot) => {
                    const time = formatTime(slot.startsAt, zoneOf(slot.branchId), lang);
                    return (
                      <li key={`${slot.doctorId}${slot.startsAt}`}>
                        <button
                          type="button"
                          className="cd-time"
                          onClick={() => onPick(slot)}
                          aria-label={fill(t.widget.slotAt, {
                            day: formatDay(slot.startsAt, zoneOf(slot.branchId), lang),
                            time,
                            doctor: nameOf(slot.doctorId),
                          })}
                        >
                          {time}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
        </>
      )}
      <p className="cd-hint">{t.widget.timeNote}</p>
    </section>
  );
}

/** Today in the clinic's (first branch's) zone. */
export const clinicToday = (branches: PublicBranch[]) => localDateOf(branches[0]?.timezone ?? 'Europe/Moscow', Date.now());
