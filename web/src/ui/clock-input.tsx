import { TimePicker } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

/** A local time of day as HH:MM, always on the 24-hour clock (a browser's own time field follows its language instead). */
export function ClockInput({
  label,
  value,
  onChange,
  required,
  w,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  w?: number;
}) {
  const { t } = useTranslation();
  return (
    <TimePicker
      label={label}
      value={value}
      onChange={(v) => onChange(v.slice(0, 5))}
      format="24h"
      required={required}
      w={w ?? 100}
      hoursInputLabel={`${label}: ${t('call.hours')}`}
      minutesInputLabel={`${label}: ${t('call.minutes')}`}
    />
  );
}
