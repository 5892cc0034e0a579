import { Text, VisuallyHidden } from '@mantine/core';
import { type DragEvent, type KeyboardEvent, memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatDate } from '../../../lib/format';
import { clock, localMinutesOf, zonedInstant } from '../../../lib/zoned-time';
import { type Doctor, DoctorName } from '../../catalog';
import type { Appointment } from '../api/get-day-appointments';
import classes from './day-grid.module.css';

export interface GridColumn {
  doctor: Doctor;
  /** Working time that day, as local minutes after midnight. */
  work: Array<[number, number]>;
}

interface Props {
  date: string;
  zone: string;
  stepMin: number;
  columns: GridColumn[];
  appointments: Appointment[];
  nowMs: number;
  serviceName: (id: string) => string;
  patientLabel: (a: Appointment) => string;
  onEmptyCell: (doctorId: string, startMs: number) => void;
  onOpen: (appointment: Appointment) => void;
  onMove: (appointment: Appointment, doctorId: string, startMs: number) => void;
}

const ROW_PX = 26;
const STATUS_COLORS: Record<Appointment['status'], string> = {
  scheduled: 'blue',
  confirmed: 'teal',
  arrived: 'lime',
  completed: 'green',
  cancelled: 'gray',
  no_show: 'red',
};
const FADED = new Set<Appointment['status']>(['cancelled', 'no_show']);

let dragOffsetPx = 0;

/**
 * A branch's day: one column per doctor, rows on the booking grid, working hours light and the rest shaded,
 * appointments as blocks. Click (or Enter on) a free cell to book; drag a block to move it. Arrow keys move between cells.
 */
export const DayGrid = memo(function DayGrid(props: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { date, zone, stepMin, columns } = props;
  const [dropAt, setDropAt] = useState<string | null>(null);

  const visible = useMemo(
    () =>
      props.appointments.map((a) => ({
        a,
        start: localMinutesOf(zone, Date.parse(a.startsAt)),
        end: localMinutesOf(zone, Date.parse(a.endsAt)) || 24 * 60,
      })),
    [props.appointments, zone],
  );

  // The window: every working hour and every appointment of the day, whole hours, 08:00-20:00 at least when empty.
  const [from, to] = useMemo(() => {
    const starts = [...columns.flatMap((c) => c.work.map(([s]) => s)), ...visible.map((v) => v.start)];
    const ends = [...columns.flatMap((c) => c.work.map(([, e]) => e)), ...visible.map((v) => v.end)];
    if (!starts.length) return [8 * 60, 20 * 60];
    return [Math.floor(Math.min(...starts) / 60) * 60, Math.min(24 * 60, Math.ceil(Math.max(...ends) / 60) * 60)];
  }, [columns, visible]);

  const rows = Math.max(1, Math.round((to - from) / stepMin));
  const height = rows * ROW_PX;
  const px = (minutes: number) => ((minutes - from) / stepMin) * ROW_PX;
  const nowMinutes = localMinutesOf(zone, props.nowMs);
  const isToday = zonedInstant(zone, date) <= props.nowMs && props.nowMs < zonedInstant(zone, date, 24 * 60);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const cell = event.target as HTMLElement;
    if (!cell.dataset.col) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const col = Number(cell.dataset.col) + move[0];
    const row = Number(cell.dataset.row) + move[1];
    const grid = event.currentTarget;
    const target =
      grid.querySelector<HTMLElement>(`[data-col="${col}"][data-row="${row}"]`) ??
      [...grid.querySelectorAll<HTMLElement>(`[data-col="${col}"]`)].sort(
        (a, b) => Math.abs(Number(a.dataset.row) - row) - Math.abs(Number(b.dataset.row) - row),
      )[0];
    target?.focus();
  };

  const minutesAt = (event: DragEvent<HTMLDivElement>) => {
    const y = event.clientY - event.currentTarget.getBoundingClientRect().top - dragOffsetPx;
    return from + Math.max(0, Math.round(y / ROW_PX)) * stepMin;
  };

  // Opening a day shows its working morning, or for today the hour around now.
  const scroller = useRef<HTMLDivElement>(null);
  const firstWork = Math.min(...columns.flatMap((c) => c.work.map(([s]) => s)), to);
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = Math.max(0, px(isToday ? Math.max(firstWork, nowMinutes - 60) : firstWork) - 8);
    // Only when another day or branch is shown, not on every tick of the clock.
  }, [date, zone, from]);

  let firstCell = true;
  return (
    <div
      ref={scroller}
      className={classes.scroller}
      role="region"
      aria-label={t('schedule.gridLabel', { date: formatDate(zonedInstant(zone, date), zone, lang) })}
      tabIndex={-1}
    >
      <div className={classes.grid} style={{ gridTemplateColumns: `56px repeat(${columns.length}, minmax(150px, 1fr))` }} onKeyDown={onKeyDown}>
        <div className={classes.corner} />
        {columns.map((c) => (
          <div key={c.doctor.id} className={classes.head}>
            <DoctorName doctor={c.doctor} />
          </div>
        ))}
        <div className={classes.times} style={{ height }} aria-hidden>
          {Array.from({ length: Math.floor((to - from) / 60) + 1 }, (_, i) => from + i * 60).map((m) => (
            <span key={m} className={classes.timeLabel} style={{ top: Math.max(8, Math.min(height - 8, px(m))) }}>
              {clock(m % (24 * 60))}
            </span>
          ))}
        </div>
        {columns.map((c, col) => (
          <div
            key={c.doctor.id}
            role="group"
            aria-label={c.doctor.fullName}
            className={classes.column}
            style={{ height, ['--row' as string]: `${ROW_PX}px`, ['--hour' as string]: `${(60 / stepMin) * ROW_PX}px` }}
            onDragOver={(e) => {
              e.preventDefault();
              setDropAt(`${c.doctor.id}:${minutesAt(e)}`);
            }}
            onDragLeave={() => setDropAt(null)}
            onDrop={(e) => {
              e.preventDefault();
              setDropAt(null);
              const moved = props.appointments.find((a) => a.id === e.dataTransfer.getData('text/plain'));
              if (moved) props.onMove(moved, c.doctor.id, zonedInstant(zone, date, minutesAt(e)));
            }}
          >
            {c.work.map(([s, e]) => (
              <div key={s} className={classes.work} style={{ top: px(s), height: px(e) - px(s) }} />
            ))}
            {isToday && nowMinutes > from && <div className={classes.past} style={{ top: 0, height: Math.min(height, px(nowMinutes)) }} aria-hidden />}
            <div className={classes.rows} />
            <div className={classes.hourRows} />
            {c.work.length === 0 && <Text className={classes.off}>{t('schedule.notWorking')}</Text>}
            {c.work
              .flatMap(([s, e]) => Array.from({ length: Math.floor((e - s) / stepMin) }, (_, i) => s + i * stepMin))
              .filter(
                (m) =>
                  !(isToday && m < nowMinutes) &&
                  !visible.some((v) => v.a.doctorId === c.doctor.id && !FADED.has(v.a.status) && v.start < m + stepMin && v.end > m),
              )
              .map((m) => {
                const label = clock(m);
                const tabIndex = firstCell ? 0 : -1;
                firstCell = false;
                return (
                  <button
                    key={m}
                    type="button"
                    className={`${classes.cell} ${dropAt === `${c.doctor.id}:${m}` ? classes.dropTarget : ''}`}
                    style={{ top: px(m), height: ROW_PX }}
                    tabIndex={tabIndex}
                    data-col={col}
                    data-row={(m - from) / stepMin}
                    aria-label={t('schedule.emptyCell', { doctor: c.doctor.fullName, time: label })}
                    onClick={() => props.onEmptyCell(c.doctor.id, zonedInstant(zone, date, m))}
                  >
                    {label}
                  </button>
                );
              })}
            {visible
              .filter((v) => v.a.doctorId === c.doctor.id)
              .map(({ a, start, end }) => {
                const faded = FADED.has(a.status);
                const color = faded ? 'gray' : STATUS_COLORS[a.status];
                const time = `${clock(start)}–${clock(end % (24 * 60))}`;
                return (
                  <button
                    key={a.id}
                    type="button"
                    className={`${classes.block} ${faded ? classes.faded : ''}`}
                    draggable={!faded}
                    style={{
                      top: px(start) + 1,
                      height: Math.max(ROW_PX - 2, px(end) - px(start) - 2),
                      background: `var(--mantine-color-${color}-0)`,
                      borderColor: `var(--mantine-color-${faded ? 'gray' : color}-5)`,
                      color: `var(--mantine-color-${color}-9)`,
                    }}
                    onDragStart={(e) => {
                      dragOffsetPx = e.clientY - e.currentTarget.getBoundingClientRect().top;
                      e.dataTransfer.setData('text/plain', a.id);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onClick={() => props.onOpen(a)}
                  >
                    {/* The name read out is the visible text, with the status added for screen readers. */}
                    <Text span size="xs" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {time}
                    </Text>
                    <VisuallyHidden>,</VisuallyHidden>{' '}
                    <Text span size="xs" fw={600}>
                      {props.patientLabel(a)}
                    </Text>
                    <VisuallyHidden>,</VisuallyHidden>
                    <Text size="xs" lineClamp={1} c="inherit">
                      {props.serviceName(a.serviceId)}
                    </Text>
                    <VisuallyHidden>, {t(`appointmentStatus.${a.status}`)}</VisuallyHidden>
                  </button>
                );
              })}
            {isToday && nowMinutes >= from && nowMinutes <= to && <div className={classes.now} style={{ top: px(nowMinutes) }} aria-hidden />}
          </div>
        ))}
      </div>
    </div>
  );
});
