import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IntakeSource } from '../api/sources';

/** Where the provider delivers, as a full address on this server (as the browser reaches it). */
export const webhookUrl = (path: string) => `${window.location.origin}${path}`;

/** The address to give the provider, with a copy button; Tilda's carries the key, known only right after it was made. */
export function SourceAddress({ source, keyValue }: { source: IntakeSource; keyValue?: string }) {
  const { t } = useTranslation();
  if (!source.webhookPath)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const path = keyValue ? source.webhookPath.replace('{key}', keyValue) : source.webhookPath;
  const url = webhookUrl(path);
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        <Code style={{ wordBreak: 'break-all' }}>{url}</Code>
        {!path.includes('{key}') && (
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="default" onClick={copy} aria-label={`${t('sourcesAdmin.copy')}: ${source.name}`}>
                {copied ? t('sourcesAdmin.copied') : t('sourcesAdmin.copy')}
              </Button>
            )}
          </CopyButton>
        )}
      </Group>
      {path.includes('{key}') && (
        <Text size="xs" c="dimmed">
          {t('sourcesAdmin.keyInUrl')}
        </Text>
      )}
      {source.kind === 'web_form' && (
        <Text size="xs" c="dimmed">
          {t('sourcesAdmin.keyHeader')}
        </Text>
      )}
    </Stack>
  );
}

/** The widget code a clinic's website includes (web-form sources): a script tag that adds the booking iframe. */
export function embedCode(key: string): string {
  return `<script src="${window.location.origin}/widget.js" data-key="${key}" async></script>`;
}
