import { Select, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatDay, formatTime } from '../../../lib/format';
import { addDays, localDateOf } from '../../../lib/zoned-time';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { type Doctor, useBranches, useServices, zoneOf } from '../../catalog';
import { useAvailability } from '../api/get-availability';

/** The free time that the doctor's week and exceptions leave, per service, to check a schedule before relying on it. */
export function FreeTime({ doctor }: { doctor: Doctor }) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data ?? [];
  const services = (useServices().data ?? []).filter((s) => doctor.services.some((d) => d.serviceId === s.id));
  const [serviceId, setServiceId] = useState<string | null>(null);
  const chosen = serviceId ?? services[0]?.id ?? null;
  const zone = zoneOf(branches, doctor.branchIds[0]);
  const today = localDateOf(zone, Date.now());
  const slots = useAvailability(chosen ? { serviceId: chosen, doctorId: doctor.id, from: today, to: addDays(today, 6) } : null);
  const days = useMemo(() => {
    const byDay = new Map<string, { zone: string; starts: string[] }>();
    for (const slot of slots.data ?? []) {
      const slotZone = zoneOf(branches, slot.branchId);
      const day = localDateOf(slotZone, Date.parse(slot.startsAt));
      const entry = byDay.get(day) ?? { zone: slotZone, starts: [] };
      entry.starts.push(slot.startsAt);
      byDay.set(day, entry);
    }
    return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [slots.data, branches]);
  return (
    <SectionCard
      title={t('schedulesAdmin.preview')}
      order={3}
      align="flex-end"
      actions={
        <Select
          w={260}
          size="xs"
          label={t('schedulesAdmin.previewService')}
          value={chosen}
          allowDeselect={false}
          onChange={setServiceId}
          data={services.map((s) => ({ value: s.id, label: s.name }))}
        />
      }
    >
      {!chosen ? (
        <Text c="dimmed">{t('schedulesAdmin.noSlots')}</Text>
      ) : (
        <DataState query={slots} empty={() => !days.length} emptyText={t('schedulesAdmin.noSlots')}>
          {() => (
            <Stack gap="xs">
              {days.map(([day, { zone: slotZone, starts }]) => (
                <div key={day}>
                  <Text size="sm" fw={600}>
                    {formatDay(starts[0]!, slotZone, lang)} · {t('schedulesAdmin.slotsOnDay', { count: starts.length })}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {starts
                      .slice(0, 16)
                      .map((s) => formatTime(s, slotZone, lang))
                      .join(' · ')}
                    {starts.length > 16 ? ' …' : ''}
                  </Text>
                </div>
              ))}
            </Stack>
          )}
        </DataState>
      )}
    </SectionCard>
  );
}
