import '../../../i18n/messaging';
import { Select, Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { useBranches } from '../../catalog';
import { BranchMessagingForm } from './branch-messaging-form';
import { RecallRulesTable } from './recall-rules-table';
import { TemplatesEditor } from './templates-editor';

/** Messages to patients: reminders and quiet hours per branch, the texts per branch and language, and recalls per service. */
export function MessagingAdminPage() {
  const { t } = useTranslation();
  const user = useUser();
  const branches = useBranches().data ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const branchId = picked ?? branches[0]?.id ?? null;
  const isAdmin = user.role === 'admin';
  return (
    <Stack gap="md" maw={980}>
      <Title order={2} size="h3">
        {t('messagingAdmin.title')}
      </Title>
      <Tabs defaultValue="branch" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="branch">{t('messagingAdmin.tabs.branch')}</Tabs.Tab>
          <Tabs.Tab value="templates">{t('messagingAdmin.tabs.templates')}</Tabs.Tab>
          <Tabs.Tab value="recall">{t('messagingAdmin.tabs.recall')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="branch">
          <Stack gap="md">
            <Select
              w={320}
              label={t('messagingAdmin.branch')}
              value={branchId}
              allowDeselect={false}
              onChange={setPicked}
              data={branches.map((b) => ({ value: b.id, label: b.name }))}
            />
            {branchId && <BranchMessagingForm key={branchId} branchId={branchId} canEdit={isAdmin} />}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplatesEditor canEdit={isAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="recall">
          <RecallRulesTable />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
