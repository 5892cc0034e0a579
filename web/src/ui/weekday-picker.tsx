import { Chip, Group, Input } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const DAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** ISO weekdays (1 = Monday … 7 = Sunday) as toggles. */
export function WeekdayPicker({ value, onChange, label }: { value: number[]; onChange: (days: number[]) => void; label: string }) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={label} required>
      <Chip.Group multiple value={value.map(String)} onChange={(v) => onChange(v.map(Number).sort())}>
        <Group gap={4} role="group" aria-label={label}>
          {DAYS.map((d) => (
            <Chip key={d} value={d} size="xs" radius="sm">
              {t(`weekdays.${d}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Input.Wrapper>
  );
}

/** "Пн–Пт" style summary of weekdays. */
export function weekdaysText(t: (key: `weekdays.${(typeof DAYS)[number]}`) => string, days: number[]): string {
  const sorted = [...days].sort();
  const runs: number[][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else runs.push([d]);
  }
  return runs
    .map((r) =>
      r.length > 2
        ? `${t(`weekdays.${r[0]}` as 'weekdays.1')}–${t(`weekdays.${r[r.length - 1]}` as 'weekdays.1')}`
        : r.map((d) => t(`weekdays.${d}` as 'weekdays.1')).join(', '),
    )
    .join(', ');
}
