import { Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../lib/format';
import { type Patient, searchTerms, usePatientSearch } from '../api/search-patients';
import { patientName } from '../api/patient-name';

/** Find a person by last name, first name or phone, and pick them from the list (keyboard: arrows and Enter). */
export function PatientPicker({
  label,
  onPick,
  autoFocus,
  hideLabel,
}: {
  label?: string;
  onPick: (patient: Patient) => void;
  autoFocus?: boolean;
  hideLabel?: boolean;
}) {
  const { t } = useTranslation();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 250);
  const search = usePatientSearch(debounced);
  const results = searchTerms(debounced) ? (search.data ?? []) : [];

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(id) => {
        const patient = results.find((p) => p.id === id);
        if (patient) onPick(patient);
        setText('');
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          label={hideLabel ? undefined : (label ?? t('patients.searchLabel'))}
          aria-label={hideLabel ? (label ?? t('patients.searchLabel')) : undefined}
          placeholder={hideLabel ? (label ?? t('patients.searchLabel')) : t('patients.searchHint')}
          leftSection={<IconSearch size={16} />}
          rightSection={search.isFetching ? <Loader size={14} /> : null}
          value={text}
          autoFocus={autoFocus}
          onChange={(e) => {
            setText(e.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!searchTerms(text)}>
        <Combobox.Options aria-label={t('patients.title')}>
          {results.length === 0 ? (
            <Combobox.Empty>{search.isFetching ? t('common.loading') : t('patients.none')}</Combobox.Empty>
          ) : (
            results.map((p) => (
              <Combobox.Option value={p.id} key={p.id}>
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm">{patientName(p) ?? (p.restricted ? t('common.hiddenPerson') : t('common.unknownPerson'))}</Text>
                  <Text size="xs" c="dimmed">
                    {formatPhone(p.phone)}
                    {p.birthDate ? ` · ${p.birthDate}` : ''}
                  </Text>
                </Group>
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
