import { Alert, Button, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';
import { errorText } from './error-text';

/** The fields a refused form named, and what was wrong with each (the server's words). */
function fieldProblems(error: unknown): Array<{ field: string; message: string }> {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return (error.details as Array<{ field?: unknown; messages?: unknown }>).flatMap((d) =>
    typeof d.field === 'string' && Array.isArray(d.messages) ? d.messages.map((m) => ({ field: d.field as string, message: String(m) })) : [],
  );
}

/** A refused request, said in the person's language, with the fields it names and a way to try again. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t, i18n } = useTranslation();
  const fields = fieldProblems(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {errorText(t, error, i18n.language)}
      {fields.length > 0 && (
        <List size="sm" mt={4}>
          {fields.slice(0, 8).map((f) => (
            <List.Item key={`${f.field}${f.message}`}>{t('errors.field', { field: f.field, message: f.message })}</List.Item>
          ))}
        </List>
      )}
      {onRetry && (
        <Button size="xs" variant="subtle" color="red" ml="sm" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
