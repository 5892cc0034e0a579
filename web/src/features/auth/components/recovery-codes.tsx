import { Alert, Button, Checkbox, Code, Group, List, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../../lib/csv';

/** The ten single-use recovery codes, shown once: a way to keep them, and a deliberate step on. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  return (
    <Stack gap="sm">
      <Alert color="orange" title={t('mfa.recoveryTitle')}>
        {t('mfa.recoveryHint')}
      </Alert>
      <List aria-label={t('mfa.recoveryList')} listStyleType="none" spacing={4} style={{ columns: 2 }}>
        {codes.map((code) => (
          <List.Item key={code}>
            <Code fz="md">{code}</Code>
          </List.Item>
        ))}
      </List>
      <Group>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => saveFile('clinicdesk-recovery-codes.txt', new Blob([`${codes.join('\n')}\n`], { type: 'text/plain;charset=utf-8' }))}
        >
          {t('mfa.download')}
        </Button>
      </Group>
      <Checkbox label={t('mfa.saved')} checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Button onClick={onDone} disabled={!saved}>
        {t('mfa.continue')}
      </Button>
      <Text size="xs" c="dimmed">
        {t('profile.lostPhone')}
      </Text>
    </Stack>
  );
}
