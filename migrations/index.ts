import { Foundation1795000000000 } from './1795000000000-foundation.js';
import { PatientsAndEvents1795000100000 } from './1795000100000-patients-and-events.js';
import { Consents1795000200000 } from './1795000200000-consents.js';
import { SubjectRequests1795000200100 } from './1795000200100-subject-requests.js';
import { Jobs1795000200200 } from './1795000200200-jobs.js';
import { CatalogAndSchedules1795000300000 } from './1795000300000-catalog-and-schedules.js';
import { Realtime1795000400000 } from './1795000400000-realtime.js';
import { Leads1795000500000 } from './1795000500000-leads.js';
import { Calls1795000600000 } from './1795000600000-calls.js';
import { Analytics1795000700000 } from './1795000700000-analytics.js';
import { LeadFunnelRollup1795000800000 } from './1795000800000-lead-funnel-rollup.js';
import { AvailabilityIndex1795000900000 } from './1795000900000-availability-index.js';
import { EventWriters1795001000000 } from './1795001000000-event-writers.js';
import { AccessWalls1795001200000 } from './1795001200000-access-walls.js';
import { OutboxWakeAfterCommit1795002000000 } from './1795002000000-outbox-wake-after-commit.js';
import { IntakeInbox1795002100000 } from './1795002100000-intake-inbox.js';
import { FunnelRollupDimensions1795002200000 } from './1795002200000-funnel-rollup-dimensions.js';
import { ScorecardRollups1795002300000 } from './1795002300000-scorecard-rollups.js';
import { FunnelRollupFacts1795002500000 } from './1795002500000-funnel-rollup-facts.js';

/** Every migration, in order. Listed explicitly so the same list works from src (tests) and dist (runtime). */
export const MIGRATIONS = [Foundation1795000000000, PatientsAndEvents1795000100000, Consents1795000200000, SubjectRequests1795000200100, Jobs1795000200200, CatalogAndSchedules1795000300000, Realtime1795000400000, Leads1795000500000, Calls1795000600000, Analytics1795000700000, LeadFunnelRollup1795000800000, AvailabilityIndex1795000900000, EventWriters1795001000000, AccessWalls1795001200000, OutboxWakeAfterCommit1795002000000, IntakeInbox1795002100000, FunnelRollupDimensions1795002200000, ScorecardRollups1795002300000, FunnelRollupFacts1795002500000];
