import { Badge, Button, Group, Modal, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatMoney } from '../../../lib/format';
import { CsvButton } from '../../../ui/csv-button';
import { TablePanel } from '../../../ui/list-screen';
import { useAllDoctors, useAllServices } from '../api/admin';
import { useBranches } from '../api/get-branches';
import type { Doctor } from '../api/get-doctors';
import type { Service } from '../api/get-services';
import { type Specialty, useSpecialties } from '../api/get-specialties';
import { DoctorForm, ServiceForm, SpecialtyForm } from './catalog-forms';

type Editing = { kind: 'doctor'; item: Doctor | null } | { kind: 'service'; item: Service | null } | { kind: 'specialty'; item: Specialty | null } | null;

/** Doctors (public profiles, branches, services), the price list and specialties. */
export function CatalogAdminPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const doctors = useAllDoctors();
  const services = useAllServices();
  const specialties = useSpecialties();
  const branches = useBranches().data ?? [];
  const [editing, setEditing] = useState<Editing>(null);
  const specialtyName = (id: string) => specialties.data?.find((s) => s.id === id)?.name ?? '—';
  const branchName = (id: string) => branches.find((b) => b.id === id)?.name ?? '—';
  const status = (active: boolean) => (
    <Badge color={active ? 'teal' : 'gray'} variant={active ? 'light' : 'outline'}>
      {active ? t('manage.active') : t('manage.inactive')}
    </Badge>
  );
  const editButton = (name: string, onClick: () => void) => (
    <Button size="compact-sm" variant="subtle" onClick={onClick} aria-label={t('manage.editWhat', { name })}>
      {t('manage.edit')}
    </Button>
  );
  const toolbar = (kind: 'doctor' | 'service' | 'specialty', addLabel: string, downloadCsv: () => void) => (
    <Group justify="flex-end" mb="sm" gap="sm">
      <CsvButton onDownload={downloadCsv} />
      <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ kind, item: null })}>
        {addLabel}
      </Button>
    </Group>
  );
  const title = editing
    ? editing.item
      ? t('manage.editWhat', { name: 'fullName' in editing.item ? editing.item.fullName : editing.item.name })
      : t(editing.kind === 'doctor' ? 'catalogAdmin.addDoctor' : editing.kind === 'service' ? 'catalogAdmin.addService' : 'catalogAdmin.addSpecialty')
    : '';

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('manage.nav.catalog')}
      </Title>
      <Tabs defaultValue="doctors" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="doctors">{t('catalogAdmin.doctors')}</Tabs.Tab>
          <Tabs.Tab value="services">{t('catalogAdmin.services')}</Tabs.Tab>
          <Tabs.Tab value="specialties">{t('catalogAdmin.specialties')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="doctors">
          {toolbar('doctor', t('catalogAdmin.addDoctor'), () =>
            saveCsv(
              'doctors',
              ['fullName', 'specialties', 'branches', 'qualification', 'practicingSince', 'licenseNumber', 'active'],
              (doctors.data ?? []).map((d) => [
                d.fullName,
                d.specialtyIds.map(specialtyName).join('; '),
                d.branchIds.map(branchName).join('; '),
                d.qualification,
                d.practicingSince,
                d.licenseNumber,
                d.active,
              ]),
            ),
          )}
          <TablePanel
            query={doctors}
            columns={[
              t('catalogAdmin.fullName'),
              t('catalogAdmin.specialties_'),
              t('catalogAdmin.branches'),
              t('catalogAdmin.qualification'),
              t('staffAdmin.status'),
            ]}
          >
            {(data) =>
              data.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {d.fullName}
                    </Text>
                    {d.licenseNumber && (
                      <Text size="xs" c="dimmed">
                        {d.licenseNumber}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.specialtyIds.map(specialtyName).join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.branchIds.map(branchName).join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.qualification ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>{status(d.active)}</Table.Td>
                  <Table.Td ta="right">{editButton(d.fullName, () => setEditing({ kind: 'doctor', item: d }))}</Table.Td>
                </Table.Tr>
              ))
            }
          </TablePanel>
        </Tabs.Panel>
        <Tabs.Panel value="services">
          {toolbar('service', t('catalogAdmin.addService'), () =>
            saveCsv(
              'services',
              ['name', 'specialty', 'durationMin', 'price', 'currency', 'active'],
              (services.data ?? []).map((s) => [s.name, specialtyName(s.specialtyId), s.durationMin, s.price, s.currency, s.active]),
            ),
          )}
          <TablePanel
            query={services}
            columns={[
              t('catalogAdmin.service'),
              t('catalogAdmin.specialty'),
              { label: t('catalogAdmin.duration'), align: 'right' },
              { label: t('catalogAdmin.price'), align: 'right' },
              t('staffAdmin.status'),
            ]}
          >
            {(data) =>
              data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {s.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{specialtyName(s.specialtyId)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{t('catalogAdmin.minutes', { count: s.durationMin })}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{formatMoney(s.price, s.currency, lang)}</Text>
                  </Table.Td>
                  <Table.Td>{status(s.active)}</Table.Td>
                  <Table.Td ta="right">{editButton(s.name, () => setEditing({ kind: 'service', item: s }))}</Table.Td>
                </Table.Tr>
              ))
            }
          </TablePanel>
        </Tabs.Panel>
        <Tabs.Panel value="specialties">
          {toolbar('specialty', t('catalogAdmin.addSpecialty'), () =>
            saveCsv(
              'specialties',
              ['name', 'active'],
              (specialties.data ?? []).map((s) => [s.name, s.active]),
            ),
          )}
          <TablePanel query={specialties} columns={[t('catalogAdmin.specialty'), t('staffAdmin.status')]}>
            {(data) =>
              data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {s.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{status(s.active)}</Table.Td>
                  <Table.Td ta="right">{editButton(s.name, () => setEditing({ kind: 'specialty', item: s }))}</Table.Td>
                </Table.Tr>
              ))
            }
          </TablePanel>
        </Tabs.Panel>
      </Tabs>
      <Modal opened={!!editing} onClose={() => setEditing(null)} size={editing?.kind === 'doctor' ? 'xl' : 'lg'} title={title}>
        {editing?.kind === 'doctor' && <DoctorForm doctor={editing.item} onDone={() => setEditing(null)} />}
        {editing?.kind === 'service' && <ServiceForm service={editing.item} onDone={() => setEditing(null)} />}
        {editing?.kind === 'specialty' && <SpecialtyForm specialty={editing.item} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
