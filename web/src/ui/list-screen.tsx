import { Group, Paper, Table, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DataState } from './data-state';

/** A settings screen's title with its actions beside it (filters, CSV, "add"). */
export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" wrap="wrap">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children && <Group gap="sm">{children}</Group>}
    </Group>
  );
}

type Column = ReactNode | { label: ReactNode; align: 'right' };

/**
 * A query's records as a table in a bordered panel: loading, failure and empty states, the column headers, and a last
 * column for each row's actions (named for screen readers). `children` draws the rows.
 */
export function TablePanel<T>({
  query,
  columns,
  empty,
  emptyText,
  children,
}: {
  query: Parameters<typeof DataState<T>>[0]['query'];
  columns: Column[];
  empty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md">
      <DataState query={query} empty={empty} emptyText={emptyText}>
        {(data) => (
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column, i) =>
                  isAligned(column) ? (
                    <Table.Th key={i} ta={column.align}>
                      {column.label}
                    </Table.Th>
                  ) : (
                    <Table.Th key={i}>{column}</Table.Th>
                  ),
                )}
                <Table.Th>
                  <VisuallyHidden>{t('manage.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{children(data)}</Table.Tbody>
          </Table>
        )}
      </DataState>
    </Paper>
  );
}

function isAligned(column: Column): column is { label: ReactNode; align: 'right' } {
  return typeof column === 'object' && column !== null && 'align' in column;
}
