import type { Period } from '../../../lib/period';

/** What every report is asked for: a period of local dates and, optionally, one branch. */
export interface ReportScope extends Period {
  branchId?: string;
}

export const reportQuery = (scope: ReportScope) => ({ from: scope.from, to: scope.to, ...(scope.branchId ? { branchId: scope.branchId } : {}) });
