import { Anchor, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatPhone } from '../../../lib/format';
import { useDuplicates, useSamePhone } from '../api/get-duplicates';
import { patientName } from '../api/patient-name';

/**
 * People who may be the same as this one. Staff who merge records see the server's duplicate proposals; operators
 * see the other records with the same phone (families share numbers, so nothing is merged automatically).
 */
export function DuplicateSuggestions({ patientId, phone, canMerge }: { patientId: string; phone: string | null; canMerge: boolean }) {
  const { t } = useTranslation();
  const proposed = useDuplicates(patientId, canMerge);
  const samePhone = useSamePhone(phone, !canMerge);
  const loading = canMerge ? proposed.isLoading : samePhone.isLoading;
  const rows = canMerge
    ? (proposed.data ?? []).map((d) => ({
        id: d.candidateId,
        label: t(d.reason === 'same_email' ? 'duplicates.sameEmail' : 'duplicates.samePhone'),
        phone: null as string | null,
      }))
    : (samePhone.data ?? []).filter((p) => p.id !== patientId).map((p) => ({ id: p.id, label: patientName(p) ?? t('common.unknownPerson'), phone: p.phone }));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`dups-${patientId}`}>
      <Text id={`dups-${patientId}`} component="h3" fw={700} mb={4}>
        {t('duplicates.title')}
      </Text>
      {loading ? (
        <Loader role="status" size="xs" aria-label={t('common.loading')} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('duplicates.none')}
        </Text>
      ) : (
        <Stack gap={4}>
          {rows.map((r) => (
            <Group key={r.id} justify="space-between">
              <Text size="sm">
                {r.label}
                {r.phone && ` · ${formatPhone(r.phone)}`}
              </Text>
              <Anchor component={Link} to={`/patients/${r.id}`} size="sm">
                {t('duplicates.open')}
              </Anchor>
            </Group>
          ))}
          <Text size="xs" c="dimmed">
            {t('duplicates.hint')}
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
