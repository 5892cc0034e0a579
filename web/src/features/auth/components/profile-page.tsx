import { Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { useLang } from '../../../i18n';
import { formatDate } from '../../../lib/format';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { useUser } from '../api/use-session';
import { useTwoFactorEnrolment, useTwoFactorStatus } from '../api/two-factor';
import { EnrolmentForm } from './enrolment-form';
import { RecoveryCodes } from './recovery-codes';

/** Who I am in Clinicdesk, and my two-step sign-in: on or off, recovery codes left, and a way to turn it on. */
export function ProfilePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const status = useTwoFactorStatus();
  const enrolment = useTwoFactorEnrolment();
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
    enrolment.start.reset();
    enrolment.confirm.reset();
  };
  return (
    <Stack p="md" gap="md" maw={720}>
      <Title order={1} size="h3">
        {t('profile.title')}
      </Title>
      <Paper withBorder radius="md" p="md">
        <Text fw={700} size="lg">
          {user.fullName}
        </Text>
        <Text size="sm">
          {t('profile.email')}: {user.email}
        </Text>
        <Text size="sm">
          {t('profile.role')}: {t(`shell.roles.${user.role}`)}
        </Text>
      </Paper>
      <SectionCard title={t('profile.twoFactor')}>
        <DataState query={status}>
          {(s) => (
            <Stack gap="xs">
              <Group gap="xs">
                <Badge color={s.enabled ? 'teal' : 'gray'} variant="light" leftSection={s.enabled ? <IconShieldCheck size={14} /> : undefined}>
                  {s.enabled ? t('profile.enabled') : t('profile.twoFactorOff')}
                </Badge>
                {s.required && (
                  <Text size="sm" c="dimmed">
                    {t('profile.required')}
                  </Text>
                )}
              </Group>
              {s.enabled && (
                <Text size="sm">
                  {t('profile.twoFactorOn', {
                    date: formatDate(s.enabledAt!, Intl.DateTimeFormat().resolvedOptions().timeZone, lang),
                    count: s.recoveryCodesLeft,
                  })}
                </Text>
              )}
              {!s.enabled && (
                <Group>
                  <Button onClick={() => setOpen(true)}>{t('profile.turnOn')}</Button>
                </Group>
              )}
              <Text size="xs" c="dimmed">
                {t('profile.lostPhone')}
              </Text>
            </Stack>
          )}
        </DataState>
      </SectionCard>
      <Modal opened={open} onClose={close} title={enrolment.confirm.data ? t('mfa.recoveryTitle') : t('mfa.enrolTitle')} size="md">
        {open &&
          (enrolment.confirm.data ? (
            <RecoveryCodes
              codes={enrolment.confirm.data.recoveryCodes}
              onDone={() => {
                close();
                notifications.show({ color: 'teal', message: t('profile.enabled') });
              }}
            />
          ) : (
            <EnrolmentForm
              enrolment={enrolment.start.data}
              start={() => enrolment.start.mutate()}
              wrongCode={isApiError(enrolment.confirm.error, 'UNPROCESSABLE')}
              confirm={{ mutate: (code) => enrolment.confirm.mutate(code), isPending: enrolment.confirm.isPending, error: enrolment.confirm.error }}
            />
          ))}
      </Modal>
    </Stack>
  );
}
