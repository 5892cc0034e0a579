import { Alert, Button, Center, CopyButton, Group, Image, Loader, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MfaEnrolment } from '../../../api/session';
import { ErrorAlert } from '../../../ui/error-alert';

interface Step<T> {
  mutate: (value: T) => void;
  isPending: boolean;
  error: unknown;
}

/**
 * Setting up an authenticator: the QR code (and the key to type in), then the code the app shows. Used at a
 * compulsory enrolment during sign-in and on the profile page.
 */
export function EnrolmentForm({
  enrolment,
  start,
  confirm,
  wrongCode,
}: {
  enrolment: MfaEnrolment | undefined;
  start: () => void;
  confirm: Step<string>;
  wrongCode: boolean;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  // The secret is made when the step opens (nothing changes on the account until it is confirmed).
  useEffect(() => {
    if (!enrolment) start();
    // Only once per opening: a new secret on every render would invalidate the QR code being scanned.
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code.replace(/\s+/g, ''));
  };
  if (!enrolment)
    return (
      <Center p="md">
        <Loader role="status" size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('mfa.enrolHint')}</Text>
        <Center>
          <Image src={enrolment.qrCode} alt={t('mfa.qr')} w={184} h={184} />
        </Center>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput label={t('mfa.secret')} value={enrolment.secret} readOnly style={{ flex: 1 }} styles={{ input: { fontFamily: 'monospace' } }} />
          <CopyButton value={enrolment.secret}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('mfa.copied') : t('mfa.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <TextInput
          label={t('mfa.code')}
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          data-autofocus
        />
        {wrongCode && (
          <Alert color="red" role="alert">
            {t('mfa.wrongCode')}
          </Alert>
        )}
        {!wrongCode && !!confirm.error && <ErrorAlert error={confirm.error} />}
        <Button type="submit" loading={confirm.isPending} disabled={code.replace(/\s+/g, '').length !== 6}>
          {t('mfa.enrolConfirm')}
        </Button>
      </Stack>
    </form>
  );
}
