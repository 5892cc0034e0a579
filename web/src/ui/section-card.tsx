import { Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A bordered panel with a small title, its actions on the right (CSV, a filter, "add"), an optional hint under the
 * title, and the body. `order` keeps the heading level of the page it sits in; `align="flex-end"` lines the actions up
 * by their bottom edge when they are labelled inputs.
 */
export function SectionCard({
  title,
  order = 2,
  description,
  actions,
  align,
  children,
}: {
  title: ReactNode;
  order?: 2 | 3;
  description?: ReactNode;
  actions?: ReactNode;
  align?: 'flex-end';
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align={align} mb={description ? undefined : 'xs'}>
        {/* A long title wraps rather than pushing the actions onto a line of their own. */}
        <Title order={order} size="h5" maw={640}>
          {title}
        </Title>
        {actions && (
          <Group gap="sm" align={align}>
            {actions}
          </Group>
        )}
      </Group>
      {description && (
        <Text size="xs" c="dimmed" mb="sm">
          {description}
        </Text>
      )}
      {children}
    </Paper>
  );
}
