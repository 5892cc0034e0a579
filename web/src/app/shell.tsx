import { ActionIcon, AppShell, Box, Group, Menu, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconBell, IconBellOff, IconChevronDown, IconLanguage, IconLogout, IconUser } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { session } from '../api/session';
import { useConnectionState } from '../api/use-realtime';
import { setLanguage, useLang } from '../i18n';
import { askForNotifications, desktopPermission, shouldOfferNotifications } from '../lib/attention';
import { useUser } from '../features/auth';
import { CallbackAlerts, IncomingCallPop, ReviewAlerts } from '../features/calls';
import { useBranches, zoneOf } from '../features/catalog';
import { LeadAlerts } from '../features/leads';
import { PresenceSwitch } from '../features/presence';
import { navFor } from './navigation';
import { RealtimeBridge } from './realtime-bridge';
import classes from './shell.module.css';

/** The frame around every screen: sections for the person's role, their status, the connection, language and sign-out. */
export function Shell() {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const connection = useConnectionState();
  const zone = zoneOf(useBranches().data, user.branchIds[0]);
  const [offer, setOffer] = useState(shouldOfferNotifications);
  const location = useLocation();
  // Admins may work the queue too: its tools (status, alerts, screen pop) come with them when they are at the desk.
  const operator = user.role === 'operator' || (user.role === 'admin' && location.pathname.startsWith('/desk'));

  return (
    <AppShell header={{ height: 60 }} padding={0}>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Text fw={800} size="lg" c="teal.9">
              {t('common.appName')}
            </Text>
            <nav aria-label={t('nav.main')}>
              <Group gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} wrap="nowrap">
                {navFor(user.role).map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} className={({ isActive }) => `${classes.link} ${isActive ? classes.active : ''}`}>
                      {t(item.label)}
                    </NavLink>
                  </li>
                ))}
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {operator && <PresenceSwitch />}
            <Group gap={6} wrap="nowrap" role="status" aria-live="polite">
              <Box
                w={8}
                h={8}
                style={{
                  borderRadius: 4,
                  background: `var(--mantine-color-${connection === 'online' ? 'teal-6' : connection === 'connecting' ? 'orange-6' : 'gray-5'})`,
                }}
              />
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {t(`shell.connection.${connection}`)}
              </Text>
            </Group>
            {offer && operator && (
              <Tooltip label={t('shell.notifications.enable')}>
                <ActionIcon
                  variant="light"
                  size="lg"
                  aria-label={t('shell.notifications.enable')}
                  onClick={() => void askForNotifications().then(() => setOffer(false))}
                >
                  <IconBell size={18} />
                </ActionIcon>
              </Tooltip>
            )}
            {desktopPermission() === 'denied' && operator && (
              <Tooltip label={t('shell.notifications.blocked')}>
                <Box component="span" aria-label={t('shell.notifications.blocked')} role="img">
                  <IconBellOff size={18} color="var(--mantine-color-gray-5)" />
                </Box>
              </Tooltip>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={`${t('shell.language')}: ${lang.toUpperCase()}`} className={classes.menuButton}>
                  <Group gap={4}>
                    <IconLanguage size={16} />
                    <Text size="sm" fw={600}>
                      {lang.toUpperCase()}
                    </Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setLanguage('ru')} lang="ru">
                  Русский
                </Menu.Item>
                <Menu.Item onClick={() => setLanguage('en')} lang="en">
                  English
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton className={classes.menuButton}>
                  <Group gap={6} wrap="nowrap">
                    <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      <Text size="sm" fw={600} lh={1.2}>
                        {user.fullName}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {t(`shell.roles.${user.role}`)}
                      </Text>
                    </div>
                    <VisuallyHidden>{t('shell.userMenu')}</VisuallyHidden>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconUser size={14} />} component={Link} to="/profile">
                  {t('profile.menu')}
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void session.signOut()}>
                  {t('shell.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <RealtimeBridge />
        {operator && (
          <>
            <LeadAlerts />
            <CallbackAlerts zone={zone} />
            <IncomingCallPop />
            <ReviewAlerts />
          </>
        )}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
