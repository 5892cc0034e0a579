import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';

/** A refused request, said in the person's language, with a way to try again. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {errorText(t, error, i18n.language)}
      {onRetry && (
        <Button size="xs" variant="subtle" color="red" ml="sm" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
