import { Box, Center, Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Outlet, useParams } from 'react-router';
import { LeadQueue } from './lead-queue';

/** The operator's workspace: the live queue on the left, the open inquiry on the right. */
export function OperatorDesk() {
  const { leadId } = useParams();
  const { t } = useTranslation();
  return (
    <Box style={{ display: 'grid', gridTemplateColumns: 'minmax(340px, 400px) 1fr', height: 'calc(100vh - 60px)' }}>
      <Box p="md" style={{ borderRight: '1px solid var(--mantine-color-gray-3)', overflow: 'hidden' }}>
        <LeadQueue />
      </Box>
      <Box p="md" style={{ overflow: 'auto' }} component="section" aria-label={t('lead.contact')}>
        {leadId ? (
          <Outlet />
        ) : (
          <Center h="60%">
            <Box ta="center" c="dimmed">
              <IconInbox size={48} stroke={1.2} />
              <Text>{t('lead.pick')}</Text>
            </Box>
          </Center>
        )}
      </Box>
    </Box>
  );
}
