import { Badge, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatPhone } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import { ConversationPanel } from '../../messages';
import { usePatientCard } from '../api/get-patient-card';
import { patientName } from '../api/patient-name';
import { DuplicateSuggestions } from './duplicate-suggestions';
import { PatientHistory } from './patient-history';
import { PatientPicker } from './patient-picker';

/** Find a patient and read their record: contact, history, possible duplicates. */
export function PatientsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { patientId } = useParams();
  return (
    <Stack gap="md" p="md" maw={1100}>
      <Title order={1} size="h3">
        {t('patients.title')}
      </Title>
      <Paper withBorder p="md" radius="md" maw={520}>
        <PatientPicker onPick={(p) => navigate(`/patients/${p.id}`)} autoFocus={!patientId} />
      </Paper>
      {patientId && <PatientRecord patientId={patientId} />}
    </Stack>
  );
}

function PatientRecord({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const card = usePatientCard(patientId);
  const zone = zoneOf(useBranches().data, user.branchIds[0]);
  if (card.isLoading) return <Loader role="status" size="sm" aria-label={t('common.loading')} />;
  if (card.isError) return <ErrorAlert error={card.error} onRetry={() => void card.refetch()} />;
  const p = card.data!;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between">
          <div>
            <Title order={2} size="h3">
              {patientName(p) ?? (p.restricted ? t('common.hiddenPerson') : t('common.unknownPerson'))}
            </Title>
            <Text c="dimmed">{[formatPhone(p.phone), p.email, p.birthDate && `${t('patients.birthDate')}: ${p.birthDate}`].filter(Boolean).join(' · ')}</Text>
          </div>
          {p.restricted && (
            <Badge color="red" variant="light">
              {t('patients.restricted')}
            </Badge>
          )}
        </Group>
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Suspense fallback={<Loader role="status" size="sm" aria-label={t('common.loading')} />}>
              <ConversationPanel owner={{ kind: 'patient', id: p.id }} zone={zone} canWrite />
            </Suspense>
            <PatientHistory patientId={p.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <DuplicateSuggestions patientId={p.id} phone={p.phone} canMerge={user.role !== 'operator'} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
