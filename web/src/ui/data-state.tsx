import { Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert';

/** A query's loading, failure and empty states, or its content. */
export function DataState<T>({
  query,
  empty,
  emptyText,
  children,
}: {
  query: { isLoading: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  empty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isLoading) return <Loader role="status" m="md" size="sm" aria-label={t('common.loading')} />;
  if (query.isError || query.data === undefined) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (empty?.(query.data))
    return (
      <Text p="md" c="dimmed">
        {emptyText ?? t('common.noData')}
      </Text>
    );
  return <>{children(query.data)}</>;
}
