import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { Badge, createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import dayjs from 'dayjs';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/ru';
import type { ReactNode } from 'react';
import { isApiError } from '../api/errors';
import { useLang } from '../i18n';

const theme = createTheme({
  primaryColor: 'teal',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  // People who ask their system for less motion get no sliding panels or fades.
  respectReducedMotion: true,
  components: {
    // Sentence case reads faster than capitals in a busy list.
    Badge: Badge.extend({ defaultProps: { tt: 'none' }, styles: { root: { flexShrink: 0 }, label: { overflow: 'visible' } } }),
  },
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
  dayjs.locale(lang === 'ru' ? 'ru' : 'en-gb');
  return (
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme}>
        <DatesProvider settings={{ locale: lang === 'ru' ? 'ru' : 'en-gb', firstDayOfWeek: 1 }}>
          <Notifications position="top-right" limit={4} />
          {children}
        </DatesProvider>
      </MantineProvider>
    </QueryClientProvider>
  );
}
