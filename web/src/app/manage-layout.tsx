import '../i18n/manage';
import { Box, Group, NavLink as MantineNavLink, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import type { StaffUser } from '../api/session';
import { useUser } from '../features/auth';

export const MANAGE_SECTIONS = ['staff', 'branches', 'catalog', 'schedules', 'sources', 'consents', 'settings', 'messaging', 'requests', 'audit'] as const;
export type ManageSection = (typeof MANAGE_SECTIONS)[number];

/** Which settings a role works with (the server still decides every request): managers keep the catalog, schedules and requests. */
export function sectionsFor(role: StaffUser['role']): ManageSection[] {
  return role === 'admin' ? [...MANAGE_SECTIONS] : ['catalog', 'schedules', 'messaging', 'requests'];
}

/** The settings section: its parts on the left, the chosen one on the right. */
export function ManageLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  const sections = sectionsFor(user.role);
  if (location.pathname.replace(/\/$/, '') === '/manage') return <Navigate to={`/manage/${sections[0]}`} replace />;
  return (
    <Group align="flex-start" gap={0} wrap="nowrap">
      <Box
        component="nav"
        aria-label={t('manage.sections')}
        w={250}
        p="md"
        style={{ flexShrink: 0, borderRight: '1px solid var(--mantine-color-gray-3)', minHeight: 'calc(100vh - 60px)' }}
      >
        <Title order={1} size="h4" mb="sm">
          {t('manage.title')}
        </Title>
        <Stack gap={2}>
          {sections.map((section) => (
            <MantineNavLink
              key={section}
              component={NavLink}
              to={`/manage/${section}`}
              label={t(`manage.nav.${section}`)}
              active={location.pathname.startsWith(`/manage/${section}`)}
              variant="light"
            />
          ))}
        </Stack>
      </Box>
      <Box p="md" style={{ flex: 1, minWidth: 0 }}>
        <Outlet />
      </Box>
    </Group>
  );
}
