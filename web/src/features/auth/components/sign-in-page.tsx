import { Alert, Anchor, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { setLanguage, useLang } from '../../../i18n';
import { useSignIn } from '../api/sign-in';
import { useSession } from '../api/use-session';

/**
 * Email and password. The page is a sequence of steps (`step`): a second factor becomes one more step that the
 * sign-in result leads to.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const state = useSession();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step] = useState<'credentials'>('credentials');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  };
  const reason = state.status === 'anonymous' ? state.reason : undefined;
  const error = signIn.error;
  const errorMessage = !error ? null
    : isApiError(error, 'RATE_LIMITED') ? t('auth.errors.rateLimited')
    : isApiError(error, 'NETWORK') || isApiError(error, 'UNAVAILABLE') ? t('auth.errors.network')
    : t('auth.errors.invalid');

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Box w={400} maw="100%">
        <Paper withBorder shadow="sm" radius="md" p="xl" component="main">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">{t('auth.title')}</Title>
              <Text c="dimmed" size="sm">{t('auth.subtitle')}</Text>
            </div>
            {reason === 'session-ended' && <Alert color="orange" role="status">{t('auth.sessionEnded')}</Alert>}
            {reason === 'signed-out' && !error && <Alert color="gray" role="status">{t('auth.signedOut')}</Alert>}
            {step === 'credentials' && (
              <form onSubmit={submit} noValidate>
                <Stack gap="sm">
                  <TextInput label={t('auth.email')} type="email" autoComplete="username" required value={email}
                    onChange={(e) => setEmail(e.currentTarget.value)} data-autofocus autoFocus />
                  <PasswordInput label={t('auth.password')} autoComplete="current-password" required value={password}
                    onChange={(e) => setPassword(e.currentTarget.value)} />
                  {errorMessage && <Alert color="red" role="alert">{errorMessage}</Alert>}
                  <Button type="submit" loading={signIn.isPending} fullWidth>{t('auth.submit')}</Button>
                </Stack>
              </form>
            )}
          </Stack>
        </Paper>
        <Group justify="center" mt="sm" gap="xs">
          <Anchor component="button" type="button" size="sm" onClick={() => setLanguage('ru')} fw={lang === 'ru' ? 700 : 400} lang="ru">Русский</Anchor>
          <Text size="sm" c="dimmed" aria-hidden>·</Text>
          <Anchor component="button" type="button" size="sm" onClick={() => setLanguage('en')} fw={lang === 'en' ? 700 : 400} lang="en">English</Anchor>
        </Group>
      </Box>
    </Center>
  );
}
