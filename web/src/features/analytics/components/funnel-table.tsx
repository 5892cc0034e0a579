import { Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatChange, formatClock, formatNumber, formatPercent } from '../../../lib/format';
import { change } from '../../../lib/period';
import type { FunnelRow } from '../api/get-funnel';
import { rowKey, type Stage } from './groups';
import classes from './tables.module.css';

const COUNTS: Stage[] = ['leads', 'contacted', 'contactedWithinSla', 'booked', 'visited', 'repeat'];

/** A figure that opens the leads behind it. */
export function CellButton({ value, label, onClick }: { value: number; label: string; onClick: () => void }) {
  const lang = useLang();
  if (!value)
    return (
      <Text size="sm" c="dimmed">
        0
      </Text>
    );
  const shown = formatNumber(value, lang);
  // The figure starts the name, so people who speak to their computer can say what they see.
  return (
    <UnstyledButton className={classes.cell} onClick={onClick} aria-label={`${shown}, ${label}`}>
      {shown}
    </UnstyledButton>
  );
}

/** Every group of the funnel with its stages (each a way into its leads), rates, first-contact time and the change in inquiries. */
export function FunnelTable({
  rows,
  total,
  previous,
  labelOf,
  onOpen,
}: {
  rows: FunnelRow[];
  total: FunnelRow;
  previous: FunnelRow[] | null;
  labelOf: (row: FunnelRow) => string;
  onOpen: (row: FunnelRow | null, stage: Stage) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const before = new Map(previous?.map((r) => [rowKey(r), r]));
  const line = (row: FunnelRow, isTotal: boolean) => {
    const label = isTotal ? t('dashboard.total') : labelOf(row);
    const delta = previous ? change(row.leads, isTotal ? previous.reduce((n, r) => n + r.leads, 0) : before.get(rowKey(row))?.leads) : null;
    return (
      <Table.Tr key={isTotal ? '\u0000total' : rowKey(row)} fw={isTotal ? 700 : undefined}>
        <Table.Th scope="row" fw={isTotal ? 700 : 500}>
          {label}
        </Table.Th>
        {COUNTS.map((stage) => (
          <Table.Td key={stage} ta="right">
            <CellButton
              value={row[stage]}
              label={t('dashboard.openLeads', { group: label, stage: t(`dashboard.stages.${stage}`) })}
              onClick={() => onOpen(isTotal ? null : row, stage)}
            />
          </Table.Td>
        ))}
        <Table.Td ta="right">{formatPercent(row.bookingRate, lang)}</Table.Td>
        <Table.Td ta="right">{formatPercent(row.visitRate, lang)}</Table.Td>
        <Table.Td ta="right">{formatPercent(row.showRate, lang)}</Table.Td>
        <Table.Td ta="right">{row.medianFirstContactSec === null ? '—' : formatClock(row.medianFirstContactSec * 1000)}</Table.Td>
        {previous && (
          <Table.Td ta="right" c={delta === null ? 'dimmed' : delta >= 0 ? 'teal.9' : 'red.9'}>
            {delta === null ? '—' : formatChange(delta, lang)}
          </Table.Td>
        )}
      </Table.Tr>
    );
  };
  return (
    <div className={classes.scroll} tabIndex={0}>
      <Table verticalSpacing={6} highlightOnHover className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dashboard.columns.group')}</Table.Th>
            {COUNTS.map((stage) => (
              <Table.Th key={stage} ta="right">
                {t(`dashboard.columns.${stage}`)}
              </Table.Th>
            ))}
            <Table.Th ta="right">{t('dashboard.columns.bookingRate')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.columns.visitRate')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.columns.showRate')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.columns.medianFirstContact')}</Table.Th>
            {previous && <Table.Th ta="right">{t('dashboard.columns.change')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.filter((r) => r.leads > 0 || r.spend).map((r) => line(r, false))}
          {line(total, true)}
        </Table.Tbody>
      </Table>
    </div>
  );
}
