import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A button whose action is asked about first (something that cannot be undone, or ends someone's sessions). */
export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  loading,
  color,
  ...props
}: ButtonProps & {
  children: ReactNode;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  loading?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button {...props} color={color} loading={loading} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <ConfirmDialog
        opened={open}
        title={children}
        confirmLabel={confirmLabel}
        color={color}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          onConfirm();
        }}
      >
        <Text size="sm">{question}</Text>
      </ConfirmDialog>
    </>
  );
}

/** Asks before an action: what it does (`children`), Cancel, and the action's own button. */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  color,
  loading,
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  title: ReactNode;
  children: ReactNode;
  confirmLabel?: ReactNode;
  color?: ButtonProps['color'];
  loading?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered>
      {children}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button color={color} loading={loading} onClick={onConfirm}>
          {confirmLabel ?? t('common.confirm')}
        </Button>
      </Group>
    </Modal>
  );
}
