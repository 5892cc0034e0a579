import { Alert, Anchor, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import type { EnrolledSignIn } from '../../../api/session';
import { setLanguage, useLang } from '../../../i18n';
import { useSecondStep, useSignIn, useSignInEnrolment } from '../api/sign-in';
import { useSession } from '../api/use-session';
import { EnrolmentForm } from './enrolment-form';
import { RecoveryCodes } from './recovery-codes';
import { SecondStepForm } from './second-step-form';

type Step =
  | { kind: 'credentials' }
  | { kind: 'code'; mfaToken: string; expiresAt: number }
  | { kind: 'enrol'; mfaToken: string; expiresAt: number }
  | { kind: 'recovery'; enrolled: EnrolledSignIn };

/**
 * Email and password, then the second step when the account has one: the authenticator's code, or (when the role
 * requires it and there is no authenticator yet) setting one up, after which the recovery codes are shown once.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const state = useSession();
  const signIn = useSignIn();
  const secondStep = useSecondStep();
  const enrolment = useSignInEnrolment();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [expired, setExpired] = useState(false);

  const restart = (timedOut: boolean) => {
    setExpired(timedOut);
    setPassword('');
    signIn.reset();
    secondStep.reset();
    enrolment.start.reset();
    enrolment.confirm.reset();
    setStep({ kind: 'credentials' });
  };
  /** A challenge is single-use and short-lived: past its time, the only way on is signing in again. */
  const alive = (expiresAt: number) => {
    if (Date.now() < expiresAt) return true;
    restart(true);
    return false;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setExpired(false);
    signIn.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (result) => {
          if (result.kind === 'second-step')
            setStep({ kind: result.enrolmentRequired ? 'enrol' : 'code', mfaToken: result.mfaToken, expiresAt: result.expiresAt });
        },
      },
    );
  };
  const reason = state.status === 'anonymous' ? state.reason : undefined;
  const error = signIn.error;
  const errorMessage = !error
    ? null
    : isApiError(error, 'RATE_LIMITED')
      ? t('auth.errors.rateLimited')
      : isApiError(error, 'NETWORK') || isApiError(error, 'UNAVAILABLE')
        ? t('auth.errors.network')
        : t('auth.errors.invalid');
  const codeError = !secondStep.error
    ? null
    : isApiError(secondStep.error, 'RATE_LIMITED')
      ? t('auth.errors.rateLimited')
      : isApiError(secondStep.error, 'NETWORK') || isApiError(secondStep.error, 'UNAVAILABLE')
        ? t('auth.errors.network')
        : t('mfa.wrongCode');
  const title =
    step.kind === 'code'
      ? t('mfa.codeTitle')
      : step.kind === 'enrol'
        ? t('mfa.enrolTitle')
        : step.kind === 'recovery'
          ? t('mfa.recoveryTitle')
          : t('auth.title');

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Box w={step.kind === 'credentials' || step.kind === 'code' ? 400 : 480} maw="100%">
        <Paper withBorder shadow="sm" radius="md" p="xl" component="main">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                {title}
              </Title>
              {step.kind === 'credentials' && (
                <Text c="dimmed" size="sm">
                  {t('auth.subtitle')}
                </Text>
              )}
            </div>
            {step.kind === 'credentials' && (
              <>
                {expired && (
                  <Alert color="orange" role="status">
                    {t('mfa.expired')}
                  </Alert>
                )}
                {!expired && reason === 'session-ended' && (
                  <Alert color="orange" role="status">
                    {t('auth.sessionEnded')}
                  </Alert>
                )}
                {!expired && reason === 'signed-out' && !error && (
                  <Alert color="gray" role="status">
                    {t('auth.signedOut')}
                  </Alert>
                )}
                <form onSubmit={submit} noValidate>
                  <Stack gap="sm">
                    <TextInput
                      label={t('auth.email')}
                      type="email"
                      autoComplete="username"
                      required
                      value={email}
                      onChange={(e) => setEmail(e.currentTarget.value)}
                      data-autofocus
                      autoFocus
                    />
                    <PasswordInput
                      label={t('auth.password')}
                      autoComplete="current-password"
                      required
                      value={password}
                      onChange={(e) => setPassword(e.currentTarget.value)}
                    />
                    {errorMessage && (
                      <Alert color="red" role="alert">
                        {errorMessage}
                      </Alert>
                    )}
                    <Button type="submit" loading={signIn.isPending} fullWidth>
                      {t('auth.submit')}
                    </Button>
                  </Stack>
                </form>
              </>
            )}
            {step.kind === 'code' && (
              <SecondStepForm
                pending={secondStep.isPending}
                error={codeError}
                onSubmit={(code) => alive(step.expiresAt) && secondStep.mutate({ mfaToken: step.mfaToken, code })}
              />
            )}
            {step.kind === 'enrol' && <Alert color="blue">{t('mfa.enrolRequired')}</Alert>}
            {step.kind === 'enrol' && (
              <EnrolmentForm
                enrolment={enrolment.start.data}
                start={() => enrolment.start.mutate(step.mfaToken, { onError: () => restart(true) })}
                wrongCode={isApiError(enrolment.confirm.error, 'UNPROCESSABLE')}
                confirm={{
                  isPending: enrolment.confirm.isPending,
                  error: enrolment.confirm.error,
                  mutate: (code) =>
                    alive(step.expiresAt) &&
                    enrolment.confirm.mutate({ mfaToken: step.mfaToken, code }, { onSuccess: (enrolled) => setStep({ kind: 'recovery', enrolled }) }),
                }}
              />
            )}
            {step.kind === 'recovery' && <RecoveryCodes codes={step.enrolled.recoveryCodes} onDone={step.enrolled.start} />}
            {(step.kind === 'code' || step.kind === 'enrol') && (
              <Anchor component="button" type="button" size="sm" onClick={() => restart(false)}>
                {t('mfa.back')}
              </Anchor>
            )}
          </Stack>
        </Paper>
        <Group justify="center" mt="sm" gap="xs">
          <Anchor component="button" type="button" size="sm" onClick={() => setLanguage('ru')} fw={lang === 'ru' ? 700 : 400} lang="ru">
            Русский
          </Anchor>
          <Text size="sm" c="dimmed" aria-hidden>
            ·
          </Text>
          <Anchor component="button" type="button" size="sm" onClick={() => setLanguage('en')} fw={lang === 'en' ? 700 : 400} lang="en">
            English
          </Anchor>
        </Group>
      </Box>
    </Center>
  );
}
