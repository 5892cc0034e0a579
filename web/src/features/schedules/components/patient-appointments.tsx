import { Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatDateTime, formatPhone } from '../../../lib/format';
import { useBranches, useDoctors, useServices, zoneOf } from '../../catalog';
import { type Patient, patientName } from '../../patients';
import type { Appointment } from '../api/get-day-appointments';
import { usePatientAppointments } from '../api/get-patient-appointments';

/** A found patient's coming appointments, each one a jump to its day in the grid. */
export function PatientAppointments({ patient, onShow }: { patient: Patient; onShow: (appointment: Appointment) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [from] = useState(() => new Date(Date.now() - 12 * 3_600_000).toISOString());
  const list = usePatientAppointments(patient.id, from);
  const branches = useBranches().data;
  const doctors = useDoctors().data;
  const services = useServices().data;
  return (
    <Stack gap="xs">
      <Text fw={700}>
        {patientName(patient) ?? t('common.unknownPerson')}{' '}
        <Text span c="dimmed" fw={400}>
          {formatPhone(patient.phone)}
        </Text>
      </Text>
      {list.isLoading ? (
        <Loader role="status" size="sm" aria-label={t('common.loading')} />
      ) : !list.data?.length ? (
        <Text size="sm" c="dimmed">
          {t('schedule.noUpcoming')}
        </Text>
      ) : (
        list.data.map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap">
            <div>
              <Text size="sm" fw={600}>
                {formatDateTime(a.startsAt, zoneOf(branches, a.branchId), lang)}
              </Text>
              <Text size="sm" c="dimmed">
                {services?.find((s) => s.id === a.serviceId)?.name} · {doctors?.find((d) => d.id === a.doctorId)?.fullName}
              </Text>
            </div>
            <Group gap={6} wrap="nowrap">
              <Badge variant="light">{t(`appointmentStatus.${a.status}`)}</Badge>
              <Button size="compact-sm" variant="light" onClick={() => onShow(a)}>
                {t('schedule.showOnGrid')}
              </Button>
            </Group>
          </Group>
        ))
      )}
    </Stack>
  );
}
