import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';

/** "Download CSV" for a table: runs the download and says when it failed. */
export function CsvButton({ onDownload, label }: { onDownload: () => Promise<void> | void; label?: string }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await onDownload();
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(t, error, i18n.language) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="compact-sm" variant="default" leftSection={<IconDownload size={14} />} loading={busy} onClick={() => void run()}>
      {label ?? t('dashboard.csv')}
    </Button>
  );
}
