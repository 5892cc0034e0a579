import { Badge, Group, Loader, Paper, Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatDateTime, formatMoney } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { useBranches, useDoctors, useServices, zoneOf } from '../../catalog';
import { type PatientCard, usePatientCard } from '../api/get-patient-card';

type Appointment = PatientCard['appointments'][number];

const APPOINTMENT_COLORS: Record<Appointment['status'], string> = {
  scheduled: 'blue',
  confirmed: 'teal',
  arrived: 'lime',
  completed: 'green',
  cancelled: 'gray',
  no_show: 'red',
};

/** The person's earlier inquiries, calls, appointments and visits, newest first, times in each branch's zone. */
export function PatientHistory({ patientId, currentLeadId }: { patientId: string; currentLeadId?: string }) {
  const { t } = useTranslation();
  const card = usePatientCard(patientId);
  if (card.isLoading) return <Loader role="status" size="sm" aria-label={t('common.loading')} />;
  if (card.isError) return <ErrorAlert error={card.error} onRetry={() => void card.refetch()} />;
  const data = card.data!;
  const leads = data.leads.filter((l) => l.id !== currentLeadId);
  const visits = data.appointments.filter((a) => a.status === 'completed' || a.status === 'arrived');
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`history-${patientId}`}>
      <Text id={`history-${patientId}`} component="h3" fw={700} mb="xs">
        {t('history.title')}
      </Text>
      <Tabs defaultValue="appointments" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="appointments">
            {t('history.appointments')} ({data.appointments.length})
          </Tabs.Tab>
          <Tabs.Tab value="visits">
            {t('history.visits')} ({visits.length})
          </Tabs.Tab>
          <Tabs.Tab value="calls">
            {t('history.calls')} ({data.calls.length})
          </Tabs.Tab>
          <Tabs.Tab value="leads">
            {t('history.leads')} ({leads.length})
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="appointments" pt="sm">
          <AppointmentList items={data.appointments} />
        </Tabs.Panel>
        <Tabs.Panel value="visits" pt="sm">
          <AppointmentList items={visits} />
        </Tabs.Panel>
        <Tabs.Panel value="calls" pt="sm">
          <CallList calls={data.calls} />
        </Tabs.Panel>
        <Tabs.Panel value="leads" pt="sm">
          <LeadList leads={leads} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

function AppointmentList({ items }: { items: Appointment[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data;
  const doctors = useDoctors().data;
  const services = useServices().data;
  if (!items.length)
    return (
      <Text size="sm" c="dimmed">
        {t('history.empty')}
      </Text>
    );
  return (
    <Stack gap={6}>
      {[...items]
        .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt))
        .map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
            <div>
              <Text size="sm" fw={600}>
                {formatDateTime(a.startsAt, zoneOf(branches, a.branchId), lang)}
              </Text>
              <Text size="sm" c="dimmed">
                {[
                  services?.find((s) => s.id === a.serviceId)?.name,
                  doctors?.find((d) => d.id === a.doctorId)?.fullName,
                  branches?.find((b) => b.id === a.branchId)?.name,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </div>
            <Stack gap={2} align="flex-end">
              <Badge color={APPOINTMENT_COLORS[a.status]} variant="light">
                {t(`appointmentStatus.${a.status}`)}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatMoney(a.price, a.currency, lang)}
              </Text>
            </Stack>
          </Group>
        ))}
    </Stack>
  );
}

function CallList({ calls }: { calls: PatientCard['calls'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data;
  if (!calls.length)
    return (
      <Text size="sm" c="dimmed">
        {t('history.empty')}
      </Text>
    );
  return (
    <Stack gap={6}>
      {calls.map((c) => (
        <div key={c.id}>
          <Text size="sm" fw={600}>
            {formatDateTime(c.startedAt, zoneOf(branches, null), lang)} ·{' '}
            {t('history.callLine', {
              direction: t(`call.directions.${c.direction}`),
              outcome: c.outcome ? t(`call.outcomes.${c.outcome}`) : c.missed ? t('history.missed') : t('history.noOutcome'),
            })}
          </Text>
          {c.note && (
            <Text size="sm" c="dimmed">
              {c.note}
            </Text>
          )}
        </div>
      ))}
    </Stack>
  );
}

function LeadList({ leads }: { leads: PatientCard['leads'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data;
  if (!leads.length)
    return (
      <Text size="sm" c="dimmed">
        {t('history.empty')}
      </Text>
    );
  return (
    <Stack gap={6}>
      {leads.map((l) => (
        <Group key={l.id} justify="space-between" wrap="nowrap">
          <div>
            <Text size="sm" fw={600}>
              {formatDateTime(l.createdAt, zoneOf(branches, l.branchId), lang)} · {t(`channels.${l.channel}`)}
            </Text>
            {l.message && (
              <Text size="sm" c="dimmed" lineClamp={2}>
                {l.message}
              </Text>
            )}
          </div>
          <Badge variant="light" color="gray">
            {t(`leadStatus.${l.status}`)}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}
