import { Button, Group, NumberInput, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { type Service, useServices } from '../../catalog';
import { type RecallRule, useDeleteRecallRule, useRecallRules, useSaveRecallRule } from '../api/recall-rules';

/** Per service: after how many days patients are invited back, and how long to wait before the operators call them. */
export function RecallRulesTable() {
  const { t } = useTranslation();
  const services = useServices();
  const rules = useRecallRules();
  return (
    <DataState query={rules}>
      {(list) => (
        <>
          <Text size="sm" c="dimmed" mb="sm" maw={760}>
            {t('messagingAdmin.recallHint')}
          </Text>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('messagingAdmin.service')}</Table.Th>
                <Table.Th>{t('messagingAdmin.interval')}</Table.Th>
                <Table.Th>{t('messagingAdmin.followUp')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('manage.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(services.data ?? []).map((s) => (
                <RuleRow key={`${s.id}-${list.find((r) => r.serviceId === s.id)?.updatedAt ?? ''}`} service={s} rule={list.find((r) => r.serviceId === s.id)} />
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </DataState>
  );
}

function RuleRow({ service, rule }: { service: Service; rule: RecallRule | undefined }) {
  const { t } = useTranslation();
  const [interval, setInterval] = useState<number | string>(rule?.intervalDays ?? '');
  const [followUp, setFollowUp] = useState<number | string>(rule?.followUpDays ?? 7);
  const save = useSaveRecallRule();
  const remove = useDeleteRecallRule();
  const changed = Number(interval) !== rule?.intervalDays || Number(followUp) !== rule?.followUpDays;
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={500}>
        {service.name}
      </Table.Th>
      <Table.Td>
        <NumberInput
          w={150}
          min={7}
          max={3650}
          aria-label={`${t('messagingAdmin.interval')}: ${service.name}`}
          placeholder={t('messagingAdmin.noRule')}
          value={interval}
          onChange={setInterval}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput w={150} min={1} max={90} aria-label={`${t('messagingAdmin.followUp')}: ${service.name}`} value={followUp} onChange={setFollowUp} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            disabled={interval === '' || !changed}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { serviceId: service.id, intervalDays: Number(interval), followUpDays: Number(followUp) },
                { onSuccess: () => notifications.show({ color: 'teal', message: t('messagingAdmin.ruleSaved') }) },
              )
            }
          >
            {t('common.save')}
          </Button>
          {rule && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(service.id, { onSuccess: () => notifications.show({ message: t('messagingAdmin.ruleRemoved') }) })}
            >
              {t('messagingAdmin.removeRule')}
            </Button>
          )}
        </Group>
        {(save.isError || remove.isError) && <ErrorAlert error={save.error ?? remove.error} />}
      </Table.Td>
    </Table.Tr>
  );
}
