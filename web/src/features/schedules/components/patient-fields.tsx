import { Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../lib/format';
import { type Patient, PatientPicker, patientName } from '../../patients';

export type PatientChoice =
  { mode: 'existing'; patient: Patient | null } | { mode: 'new'; lastName: string; firstName: string; middleName: string; phone: string };

export const emptyPatientChoice: PatientChoice = { mode: 'existing', patient: null };

/** The patient of a booking: someone found by name or phone, or a new person typed in. */
export function PatientFields({ value, onChange }: { value: PatientChoice; onChange: (v: PatientChoice) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        value={value.mode}
        aria-label={t('patients.card')}
        data={[
          { value: 'existing', label: t('schedule.existingPatient') },
          { value: 'new', label: t('schedule.newPatient') },
        ]}
        onChange={(mode) => onChange(mode === 'new' ? { mode: 'new', lastName: '', firstName: '', middleName: '', phone: '' } : emptyPatientChoice)}
      />
      {value.mode === 'existing' ? (
        value.patient ? (
          <Group justify="space-between" p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
            <Text size="sm" fw={600}>
              {patientName(value.patient) ?? t('common.unknownPerson')}
            </Text>
            <Text size="sm" c="dimmed">
              {formatPhone(value.patient.phone)}
            </Text>
            <Text
              size="xs"
              c="blue"
              style={{ cursor: 'pointer' }}
              component="button"
              type="button"
              bg="transparent"
              bd={0}
              onClick={() => onChange(emptyPatientChoice)}
            >
              {t('common.search')}
            </Text>
          </Group>
        ) : (
          <PatientPicker onPick={(patient) => onChange({ mode: 'existing', patient })} autoFocus />
        )
      ) : (
        <>
          <Group grow>
            <TextInput
              label={t('patients.lastName')}
              required
              value={value.lastName}
              onChange={(e) => onChange({ ...value, lastName: e.currentTarget.value })}
              autoFocus
            />
            <TextInput
              label={t('patients.firstName')}
              required
              value={value.firstName}
              onChange={(e) => onChange({ ...value, firstName: e.currentTarget.value })}
            />
          </Group>
          <Group grow>
            <TextInput label={t('patients.middleName')} value={value.middleName} onChange={(e) => onChange({ ...value, middleName: e.currentTarget.value })} />
            <TextInput
              label={t('patients.phone')}
              required
              type="tel"
              value={value.phone}
              onChange={(e) => onChange({ ...value, phone: e.currentTarget.value })}
            />
          </Group>
        </>
      )}
    </Stack>
  );
}

/** The part of a booking request that names the patient; null while incomplete. */
export function patientOfChoice(choice: PatientChoice) {
  if (choice.mode === 'existing') return choice.patient ? { patientId: choice.patient.id } : null;
  if (!choice.lastName.trim() || !choice.firstName.trim() || !choice.phone.trim()) return null;
  return {
    patient: {
      lastName: choice.lastName.trim(),
      firstName: choice.firstName.trim(),
      middleName: choice.middleName.trim() || undefined,
      phone: choice.phone.trim(),
    },
  };
}
