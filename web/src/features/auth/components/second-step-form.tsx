import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The authenticator's 6-digit code, or a recovery code. */
export function SecondStepForm({ onSubmit, pending, error }: { onSubmit: (code: string) => void; pending: boolean; error: string | null }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(code.replace(/\s+/g, ''));
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('mfa.codeHint')}</Text>
        <TextInput
          label={t('mfa.code')}
          required
          autoComplete="one-time-code"
          maxLength={12}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          data-autofocus
          autoFocus
          styles={{ input: { fontFamily: 'monospace', letterSpacing: 2 } }}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={pending} disabled={code.replace(/\s+/g, '').length < 6} fullWidth>
          {t('mfa.confirm')}
        </Button>
      </Stack>
    </form>
  );
}
