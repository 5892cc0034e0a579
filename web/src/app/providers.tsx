import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import {
  Alert,
  Badge,
  createTheme,
  type CSSVariablesResolver,
  DEFAULT_THEME,
  Drawer,
  type MantineColorsTuple,
  MantineProvider,
  Modal,
  Notification,
} from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import dayjs from 'dayjs';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/ru';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';
import { useLang } from '../i18n';

/**
 * Mantine's palette with darker last shades where its own fall short of 4.5:1 against white or a pale badge:
 * shade 9 is filled buttons and badge text, shade 8 the hover of a filled button.
 */
function darker(name: keyof typeof DEFAULT_THEME.colors, shade8: string, shade9: string): MantineColorsTuple {
  const tuple = [...DEFAULT_THEME.colors[name]!];
  tuple[8] = shade8;
  tuple[9] = shade9;
  return tuple as unknown as MantineColorsTuple;
}

const themeFor = (closeLabel: string) =>
  createTheme({
    primaryColor: 'teal',
    // Dark enough shades that white text on buttons and coloured text on pale badges reach WCAG AA contrast.
    primaryShade: { light: 9, dark: 8 },
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    defaultRadius: 'md',
    // People who ask their system for less motion get no sliding panels or fades.
    respectReducedMotion: true,
    colors: {
      teal: darker('teal', '#087f5b', '#066a4c'),
      orange: darker('orange', '#b94509', '#a8400b'),
      green: darker('green', '#277a37', '#226e31'),
      lime: darker('lime', '#4f7d0b', '#466f0a'),
      yellow: darker('yellow', '#946100', '#8a5a00'),
      red: darker('red', '#c92a2a', '#b02525'),
    },
    components: {
      // Sentence case reads faster than capitals in a busy list.
      Badge: Badge.extend({ defaultProps: { tt: 'none' }, styles: { root: { flexShrink: 0 }, label: { overflow: 'visible' } } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      // Toasts and alerts can be closed by keyboard and screen reader too.
      Alert: Alert.extend({ defaultProps: { closeButtonLabel: closeLabel } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
    },
  });

/** Secondary text one step darker than Mantine's default, for 4.5:1 contrast on white and pale backgrounds. */
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-placeholder': 'var(--mantine-color-gray-6)' },
  dark: {},
});

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Real-time events keep lists fresh; a refused request (4xx) is not repeated.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

export function Providers({ children }: { children: ReactNode }) {
  const lang = useLang();
  const { t } = useTranslation();
  const theme = useMemo(() => themeFor(t('common.close')), [t]);
  dayjs.locale(lang === 'ru' ? 'ru' : 'en-gb');
  return (
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        <DatesProvider settings={{ locale: lang === 'ru' ? 'ru' : 'en-gb', firstDayOfWeek: 1 }}>
          <Notifications position="top-right" limit={4} />
          {children}
        </DatesProvider>
      </MantineProvider>
    </QueryClientProvider>
  );
}
