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
import { TwoFactorSignIn1795001100000 } from './1795001100000-two-factor-sign-in.js';
import { AccessWalls1795001200000 } from './1795001200000-access-walls.js';
import { LeadConsentWithdrawn1795001200100 } from './1795001200100-lead-consent-withdrawn.js';
import { JobQueue1795001300000 } from './1795001300000-job-queue.js';
import { DropOldJobTables1795001300100 } from './1795001300100-drop-old-job-tables.js';
import { Messages1795001400000 } from './1795001400000-messages.js';
import { RecallChannel1795001400100 } from './1795001400100-recall-channel.js';
import { MessageQueues1795001400200 } from './1795001400200-message-queues.js';
import { CallReviews1795001500000 } from './1795001500000-call-reviews.js';
import { OutboxWakeAfterCommit1795002000000 } from './1795002000000-outbox-wake-after-commit.js';
import { IntakeInbox1795002100000 } from './1795002100000-intake-inbox.js';
import { FunnelRollupDimensions1795002200000 } from './1795002200000-funnel-rollup-dimensions.js';
import { ScorecardRollups1795002300000 } from './1795002300000-scorecard-rollups.js';
import { FunnelRollupAddedLeads1795002400000 } from './1795002400000-funnel-rollup-added-leads.js';
import { RollupQueues1795002500000 } from './1795002500000-rollup-queues.js';
import { FunnelRollupFacts1795002600000 } from './1795002600000-funnel-rollup-facts.js';
import { NameSearch1795002610000 } from './1795002610000-name-search.js';
import { DoctorVisitRollup1795002700000 } from './1795002700000-doctor-visit-rollup.js';
import { LockPhones1795002800000 } from './1795002800000-lock-phones.js';

/** Every migration, in order. Listed explicitly so the same list works from src (tests) and dist (runtime). */
export const MIGRATIONS = [
  Foundation1795000000000,
  PatientsAndEvents1795000100000,
  Consents1795000200000,
  SubjectRequests1795000200100,
  Jobs1795000200200,
  CatalogAndSchedules1795000300000,
  Realtime1795000400000,
  Leads1795000500000,
  Calls1795000600000,
  Analytics1795000700000,
  LeadFunnelRollup1795000800000,
  AvailabilityIndex1795000900000,
  EventWriters1795001000000,
  TwoFactorSignIn1795001100000,
  AccessWalls1795001200000,
  LeadConsentWithdrawn1795001200100,
  JobQueue1795001300000,
  DropOldJobTables1795001300100,
  Messages1795001400000,
  RecallChannel1795001400100,
  MessageQueues1795001400200,
  CallReviews1795001500000,
  OutboxWakeAfterCommit1795002000000,
  IntakeInbox1795002100000,
  FunnelRollupDimensions1795002200000,
  ScorecardRollups1795002300000,
  FunnelRollupAddedLeads1795002400000,
  RollupQueues1795002500000,
  FunnelRollupFacts1795002600000,
  NameSearch1795002610000,
  DoctorVisitRollup1795002700000,
  LockPhones1795002800000,
];
