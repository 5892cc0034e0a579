import { Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { ErrorAlert } from '../../../ui/error-alert';
import { useBranches } from '../../catalog';
import { useAddSpend } from '../api/marketing-spend';
import type { ReportScope } from '../api/report-query';

const CHANNELS = [
  'context_ads',
  'seo',
  'website',
  'vk',
  'telegram',
  'instagram',
  'whatsapp',
  'tv',
  'radio',
  'outdoor',
  'referral',
  'phone',
  'walk_in',
  'other',
] as const;

/**
 * A marketing budget entry: channel, optionally one campaign and one branch, the days it covers, the amount. It starts
 * from what the dashboard shows (its days and branch), so the entry counts in the figures on screen.
 */
export function SpendForm({ period, currency, onDone }: { period: ReportScope; currency: string; onDone: () => void }) {
  const { t } = useTranslation();
  const branches = useBranches().data ?? [];
  const add = useAddSpend();
  const [channel, setChannel] = useState<string | null>('context_ads');
  const [campaign, setCampaign] = useState('');
  const [branchId, setBranchId] = useState<string | null>(period.branchId ?? null);
  const [range, setRange] = useState<[string | null, string | null]>([period.from, period.to]);
  const [amount, setAmount] = useState<number | string>('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!channel || !range[0] || !range[1] || typeof amount !== 'number') return;
    add.mutate(
      {
        channel: channel as (typeof CHANNELS)[number],
        ...(campaign.trim() ? { campaign: campaign.trim() } : {}),
        ...(branchId ? { branchId } : {}),
        periodStart: dayjs(range[0]).format('YYYY-MM-DD'),
        periodEnd: dayjs(range[1]).format('YYYY-MM-DD'),
        amount,
        currency,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('dashboard.marketing.spendAdded') });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Select
          label={t('dashboard.marketing.channel')}
          required
          data={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
          value={channel}
          onChange={setChannel}
          allowDeselect={false}
        />
        <TextInput
          label={t('dashboard.marketing.campaign')}
          description={t('dashboard.marketing.campaignHint')}
          value={campaign}
          onChange={(e) => setCampaign(e.currentTarget.value)}
          maxLength={200}
        />
        <Select
          label={t('dashboard.marketing.branch')}
          data={[{ value: '', label: t('dashboard.marketing.wholeClinic') }, ...branches.map((b) => ({ value: b.id, label: b.name }))]}
          value={branchId ?? ''}
          onChange={(v) => setBranchId(v || null)}
          allowDeselect={false}
        />
        <DatePickerInput
          type="range"
          label={t('dashboard.marketing.period')}
          required
          value={range}
          onChange={(v) => setRange(v as [string | null, string | null])}
          valueFormat="D MMM YYYY"
        />
        <NumberInput
          label={`${t('dashboard.marketing.amount')}, ${currency}`}
          required
          min={0}
          decimalScale={2}
          thousandSeparator=" "
          value={amount}
          onChange={setAmount}
        />
        {add.isError && (isApiError(add.error) ? <ErrorAlert error={add.error} /> : null)}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending} disabled={!channel || !range[0] || !range[1] || typeof amount !== 'number'}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
