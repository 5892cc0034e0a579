import { useMutation } from '@tanstack/react-query';
import { fetchFile } from '../../../api/client';
import { saveFile } from '../../../lib/csv';
import { reportQuery, type ReportScope } from './report-query';

export type ReportName = 'funnel' | 'operators' | 'doctors' | 'repeat-visits' | 'sla';

/** The server's own CSV of a report (formula-safe, and the export is audited), saved under the server's file name. */
export async function downloadReport(report: ReportName, scope: ReportScope, extra: Record<string, string> = {}): Promise<void> {
  const { blob, name } = await fetchFile(`/api/v1/analytics/${report}`, { ...reportQuery(scope), ...extra, format: 'csv' });
  saveFile(name ?? `${report}-${scope.from}-${scope.to}.csv`, blob);
}

export function useDownloadReport() {
  return useMutation({
    mutationFn: ({ report, scope, extra }: { report: ReportName; scope: ReportScope; extra?: Record<string, string> }) => downloadReport(report, scope, extra),
  });
}
