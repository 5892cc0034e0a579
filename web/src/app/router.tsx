import { Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { ProfilePage, SignInPage, useSession, useUser } from '../features/auth';
import { loadDashboardPage } from '../features/analytics';
import { loadAuditPage } from '../features/audit';
import { loadBranchesAdminPage, loadCatalogAdminPage } from '../features/catalog';
import { loadConsentDocumentsPage } from '../features/consents';
import { loadSourcesAdminPage } from '../features/intake';
import { loadSchedulesAdminPage } from '../features/schedules';
import { loadSettingsPage } from '../features/settings';
import { loadStaffAdminPage } from '../features/staff';
import { loadSubjectRequestsPage } from '../features/subject-requests';
import { CallbacksPage, loadCallReviewPage, MyCallsPage } from '../features/calls';
import { loadFloorPage } from '../features/floor';
import { loadFeedbackPage, loadMessagingAdminPage } from '../features/messages';
import { LeadCard, OperatorDesk } from '../features/leads';
import { PatientsPage } from '../features/patients';
import { ReceptionPage } from '../features/schedules';
import { homeFor } from './navigation';
import { Shell } from './shell';

function RequireSession() {
  const state = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (state.status === 'restoring')
    return (
      <Center h="100vh">
        <Loader role="status" aria-label={t('auth.restoring')} />
      </Center>
    );
  if (state.status === 'anonymous') return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

function SignInRoute() {
  const state = useSession();
  const location = useLocation();
  if (state.status === 'restoring') return null;
  if (state.status === 'signed-in') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/sign-in' ? from : homeFor(state.user.role)} replace />;
  }
  return <SignInPage />;
}

function Home() {
  return <Navigate to={homeFor(useUser().role)} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack p="xl" align="flex-start">
      <Title order={1} size="h3">
        404
      </Title>
      <Text>{t('lead.notFound')}</Text>
    </Stack>
  );
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInRoute /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <Home /> },
          { path: 'desk', element: <OperatorDesk />, children: [{ path: 'leads/:leadId', element: <LeadCard /> }] },
          { path: 'callbacks', element: <CallbacksPage /> },
          { path: 'schedule', element: <ReceptionPage /> },
          { path: 'patients', element: <PatientsPage /> },
          { path: 'patients/:patientId', element: <PatientsPage /> },
          { path: 'profile', element: <ProfilePage /> },
          // Managers' and admins' screens load when first opened: operators and receptionists never download them.
          { path: 'dashboard', lazy: async () => ({ Component: await loadDashboardPage() }) },
          { path: 'floor', lazy: async () => ({ Component: await loadFloorPage() }) },
          { path: 'call-review', lazy: async () => ({ Component: await loadCallReviewPage() }) },
          { path: 'my-calls', element: <MyCallsPage /> },
          { path: 'feedback', lazy: async () => ({ Component: await loadFeedbackPage() }) },
          {
            path: 'manage',
            lazy: async () => ({ Component: (await import('./manage-layout')).ManageLayout }),
            children: [
              { path: 'staff', lazy: async () => ({ Component: await loadStaffAdminPage() }) },
              { path: 'branches', lazy: async () => ({ Component: await loadBranchesAdminPage() }) },
              { path: 'catalog', lazy: async () => ({ Component: await loadCatalogAdminPage() }) },
              { path: 'schedules', lazy: async () => ({ Component: await loadSchedulesAdminPage() }) },
              { path: 'sources', lazy: async () => ({ Component: await loadSourcesAdminPage() }) },
              { path: 'consents', lazy: async () => ({ Component: await loadConsentDocumentsPage() }) },
              { path: 'settings', lazy: async () => ({ Component: await loadSettingsPage() }) },
              { path: 'requests', lazy: async () => ({ Component: await loadSubjectRequestsPage() }) },
              { path: 'audit', lazy: async () => ({ Component: await loadAuditPage() }) },
              { path: 'messaging', lazy: async () => ({ Component: await loadMessagingAdminPage() }) },
            ],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
