import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Menu,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  ActionIcon,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconUserPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveCsv } from '../../../lib/csv';
import { ConfirmDialog } from '../../../ui/confirm-button';
import { CsvButton } from '../../../ui/csv-button';
import { ScreenHeader, TablePanel } from '../../../ui/list-screen';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useUser } from '../../auth';
import { useBranches } from '../../catalog';
import { temporaryPassword, useCreateStaff, useResetTwoFactor, useUpdateStaff } from '../api/admin';
import { type StaffMember, useStaff } from '../api/get-staff';

const ROLES = ['operator', 'receptionist', 'manager', 'admin'] as const;
type Role = (typeof ROLES)[number];

/** Staff: who works here, in which role and branches; invite, change, turn off access, reset a lost second step. */
export function StaffAdminPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const staff = useStaff();
  const branches = useBranches().data ?? [];
  const update = useUpdateStaff();
  const reset = useResetTwoFactor();
  const [role, setRole] = useState<string>('');
  const [inactive, setInactive] = useState(false);
  const [editing, setEditing] = useState<StaffMember | 'new' | null>(null);
  const [confirmReset, setConfirmReset] = useState<StaffMember | null>(null);
  const branchNames = (ids: string[]) => ids.map((id) => branches.find((b) => b.id === id)?.name ?? '—').join(', ');
  const rows = (staff.data ?? []).filter((s) => (!role || s.role === role) && (inactive || s.active)).sort((a, b) => a.fullName.localeCompare(b.fullName));
  const fail = (error: unknown) => notifications.show({ color: 'red', message: errorText(t, error, i18n.language) });

  return (
    <Stack gap="md">
      <ScreenHeader title={t('manage.nav.staff')}>
        <Select
          w={200}
          aria-label={t('staffAdmin.role')}
          value={role}
          onChange={(v) => setRole(v ?? '')}
          allowDeselect={false}
          data={[{ value: '', label: t('staffAdmin.allRoles') }, ...ROLES.map((r) => ({ value: r, label: t(`shell.roles.${r}`) }))]}
        />
        <Switch label={t('staffAdmin.showInactive')} checked={inactive} onChange={(e) => setInactive(e.currentTarget.checked)} />
        <CsvButton
          onDownload={() =>
            saveCsv(
              'staff',
              ['fullName', 'email', 'role', 'branches', 'extension', 'capacity', 'active'],
              rows.map((s) => [s.fullName, s.email, s.role, branchNames(s.branchIds), s.extension, s.capacity, s.active]),
            )
          }
        />
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing('new')}>
          {t('staffAdmin.invite')}
        </Button>
      </ScreenHeader>
      <TablePanel
        query={staff}
        columns={[t('staffAdmin.fullName'), t('staffAdmin.role'), t('staffAdmin.branches'), t('staffAdmin.extension'), t('staffAdmin.status')]}
      >
        {() =>
          rows.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {s.fullName}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`shell.roles.${s.role}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{branchNames(s.branchIds) || '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.extension ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={s.active ? 'teal' : 'gray'} variant={s.active ? 'light' : 'outline'}>
                  {s.active ? t('manage.active') : t('manage.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(s)} aria-label={t('manage.editWhat', { name: s.fullName })}>
                    {t('manage.edit')}
                  </Button>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" aria-label={`${t('manage.actions')}: ${s.fullName}`}>
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setConfirmReset(s)}>{t('staffAdmin.resetMfa')}</Menu.Item>
                      {s.id !== me.id && (
                        <Menu.Item
                          color={s.active ? 'red' : undefined}
                          onClick={() =>
                            update.mutate(
                              { id: s.id, active: !s.active },
                              {
                                onSuccess: () =>
                                  notifications.show({ color: 'teal', message: s.active ? t('staffAdmin.deactivated') : t('staffAdmin.activated') }),
                                onError: fail,
                              },
                            )
                          }
                        >
                          {s.active ? t('staffAdmin.deactivate') : t('staffAdmin.activate')}
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </TablePanel>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('staffAdmin.invite') : editing ? t('manage.editWhat', { name: editing.fullName }) : ''}
        size="lg"
      >
        {editing && <StaffForm member={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmDialog
        opened={!!confirmReset}
        title={t('staffAdmin.resetMfa')}
        confirmLabel={t('staffAdmin.resetMfa')}
        color="red"
        loading={reset.isPending}
        onCancel={() => setConfirmReset(null)}
        onConfirm={() =>
          reset.mutate(confirmReset!.id, {
            onSuccess: () => {
              setConfirmReset(null);
              notifications.show({ color: 'teal', message: t('staffAdmin.resetMfaDone') });
            },
            onError: fail,
          })
        }
      >
        <Text size="sm">{t('staffAdmin.resetMfaConfirm', { name: confirmReset?.fullName ?? '' })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

function StaffForm({ member, onDone }: { member: StaffMember | null; onDone: () => void }) {
  const { t } = useTranslation();
  const branches = useBranches().data ?? [];
  const create = useCreateStaff();
  const update = useUpdateStaff();
  const [fullName, setFullName] = useState(member?.fullName ?? '');
  const [email, setEmail] = useState(member?.email ?? '');
  const [role, setRole] = useState<Role>(member?.role ?? 'operator');
  const [branchIds, setBranchIds] = useState<string[]>(member?.branchIds ?? []);
  const [extension, setExtension] = useState(member?.extension ?? '');
  const [capacity, setCapacity] = useState<number | string>(member?.capacity ?? 5);
  const [password, setPassword] = useState<string | null>(null);
  const mutation = member ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = { fullName: fullName.trim(), email: email.trim(), role, branchIds, ...(typeof capacity === 'number' ? { capacity } : {}) };
    if (member) {
      update.mutate(
        { id: member.id, ...values, extension: extension.trim() || null },
        {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: t('manage.saved') });
            onDone();
          },
        },
      );
    } else {
      const temporary = temporaryPassword();
      create.mutate(
        { ...values, password: temporary, ...(extension.trim() ? { extension: extension.trim() } : {}) },
        { onSuccess: () => setPassword(temporary) },
      );
    }
  };
  if (password) {
    return (
      <Stack gap="sm">
        <Alert color="teal">{t('staffAdmin.invited')}</Alert>
        <Text size="sm" fw={600}>
          {t('staffAdmin.password')}
        </Text>
        <Group>
          <Code fz="lg" aria-label={t('staffAdmin.password')}>
            {password}
          </Code>
          <CopyButton value={password}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="default" onClick={copy}>
                {copied ? t('mfa.copied') : t('mfa.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          {t('staffAdmin.passwordHint')}
        </Text>
        <Group justify="flex-end">
          <Button onClick={onDone}>{t('requestsAdmin.done')}</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label={t('staffAdmin.fullName')} required value={fullName} onChange={(e) => setFullName(e.currentTarget.value)} data-autofocus />
        <TextInput label={t('staffAdmin.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
        <Select
          label={t('staffAdmin.role')}
          required
          value={role}
          onChange={(v) => v && setRole(v as Role)}
          allowDeselect={false}
          data={ROLES.map((r) => ({ value: r, label: t(`shell.roles.${r}`) }))}
        />
        <MultiSelect label={t('staffAdmin.branches')} value={branchIds} onChange={setBranchIds} data={branches.map((b) => ({ value: b.id, label: b.name }))} />
        <Group grow>
          <TextInput label={t('staffAdmin.extension')} value={extension} onChange={(e) => setExtension(e.currentTarget.value)} />
          <NumberInput label={t('staffAdmin.capacity')} min={1} max={100} value={capacity} onChange={setCapacity} />
        </Group>
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!fullName.trim() || !email.trim()}>
            {member ? t('common.save') : t('staffAdmin.invite')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
