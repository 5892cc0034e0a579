/**
 * SQL of the funnel rollup. Each lead's figures are kept in `lead_funnel_facts` (computed from the live tables with
 * the funnel definitions); `lead_funnel_rollup` sums them per local day and month, branch, dimension value and
 * contact-time bucket. Used by LeadFunnelRollup.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, one, rows } from '../../database/sql.js';
import { contactBucketSql, FIRST_CONTACT_SECONDS_SQL, leadOutcomesCte, leadRepeatSql, NO_BRANCH_ID, STAGE_SQL } from '../leads/funnel-definitions.js';

const NO_BRANCH = `'${NO_BRANCH_ID}'::uuid`;

const ROLLUP_COLUMNS = `span, day, branch_key, dimension, key, leads, contacted, contacted_within_sla, booked, visited, repeat, revenue,
  contact_buckets, contact_leads, contact_min_sec, contact_max_sec`;

const FACT_COLUMNS =
  'lead_id, branch_key, day, hour, channel, campaign, source, operator, doctor, contact_sec, bucket, within_sla, booked, visited, repeat, revenue';

/** The histogram columns aggregated from rows (bucket, leads, min_sec, max_sec) of contact-time buckets; NULL buckets are leads without contact. */
const HISTOGRAM_SQL = `COALESCE(array_agg(bucket ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_buckets,
  COALESCE(array_agg(leads ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_leads,
  COALESCE(array_agg(min_sec ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_min_sec,
  COALESCE(array_agg(max_sec ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_max_sec`;

/** CTE `zones`: the branches' zones, and the clinic's ($1) for leads without a branch. */
const ZONES_CTE = `zones AS (SELECT id AS branch_key, timezone AS tz FROM branches UNION ALL SELECT ${NO_BRANCH}, $1::text)`;

/** A facts row `f` under each dimension it counts in: d(dimension, key). Leads with a campaign are not in `no_campaign`. */
const dimensionsOf = (
  f: string,
) => `LATERAL (VALUES ('channel', ${f}.channel), ('campaign', ${f}.campaign), ('source', ${f}.source), ('operator', ${f}.operator),
  ('doctor', ${f}.doctor), ('hour', ${f}.hour), ('total', NULL), ('no_campaign', CASE WHEN ${f}.campaign IS NULL THEN ${f}.channel END)) d(dimension, key)`;
const inDimension = (f: string) => `(d.dimension <> 'no_campaign' OR ${f}.campaign IS NULL)`;
/** The key of facts row `f` in `dimension` (a value no key has when `f` is not in that dimension). */
const keyIn = (
  f: string,
  dimension: string,
) => `CASE ${dimension} WHEN 'channel' THEN ${f}.channel WHEN 'campaign' THEN ${f}.campaign WHEN 'source' THEN ${f}.source
  WHEN 'operator' THEN ${f}.operator WHEN 'doctor' THEN ${f}.doctor WHEN 'hour' THEN ${f}.hour WHEN 'total' THEN NULL
  WHEN 'no_campaign' THEN CASE WHEN ${f}.campaign IS NULL THEN ${f}.channel ELSE E'\\\\x01' END END`;

/**
 * CTEs `zones`, `cohort`, `lead_outcomes` and `computed`: each lead `where` selects (alias l) as a facts row. $1 is
 * the clinic's zone, `windowDays` the placeholder of the repeat window.
 */
function factsCtes(where: string, windowDays: string): string {
  return `${ZONES_CTE},
  cohort AS MATERIALIZED (
    SELECT z.branch_key, (l.created_at AT TIME ZONE z.tz)::date AS day, extract(hour FROM l.created_at AT TIME ZONE z.tz)::int::text AS hour,
           l.id, l.patient_id, l.channel, l.utm_campaign, l.source_id, l.assigned_operator_id, l.first_contact_at, l.sla_due_at, l.created_at
      FROM leads l JOIN zones z ON z.branch_key = COALESCE(l.branch_id, ${NO_BRANCH})
     WHERE ${where}
  ),
  ${leadOutcomesCte('a.lead_id IN (SELECT id FROM cohort)')},
  computed AS (
    SELECT l.id AS lead_id, l.branch_key, l.day, l.hour, l.channel, l.utm_campaign AS campaign, l.source_id::text AS source,
           l.assigned_operator_id::text AS operator, o.doctor_id::text AS doctor, ${FIRST_CONTACT_SECONDS_SQL} AS contact_sec,
           ${contactBucketSql(FIRST_CONTACT_SECONDS_SQL)} AS bucket, COALESCE(${STAGE_SQL.contactedWithinSla}, false) AS within_sla,
           ${STAGE_SQL.booked} AS booked, ${STAGE_SQL.visited} AS visited, COALESCE(${leadRepeatSql(windowDays)}, false) AS repeat,
           COALESCE(o.revenue, 0) AS revenue
      FROM cohort l LEFT JOIN lead_outcomes o ON o.lead_id = l.id
  )`;
}

/**
 * Facts of the leads of the branches $5 that arrived in [$3, $4). $1 the clinic's zone, $2 the repeat window.
 * The leads' earlier facts must be gone.
 */
const INSERT_FACTS_SQL = `
  WITH ${factsCtes(`l.created_at >= $3 AND l.created_at < $4 AND COALESCE(l.branch_id, ${NO_BRANCH}) = ANY($5::uuid[])`, '$2')}
  INSERT INTO lead_funnel_facts (${FACT_COLUMNS}) SELECT ${FACT_COLUMNS} FROM computed`;

/** Day and month rows of the branch-months ($1 branches, $2 first days of months) summed from the facts; none may exist yet. */
const ROWS_FROM_FACTS_SQL = `
  WITH months AS (SELECT * FROM unnest($1::uuid[], $2::date[]) m(branch_key, month)),
  keyed AS (
    SELECT f.*, d.dimension, d.key
      FROM months m,
           LATERAL (SELECT f.* FROM lead_funnel_facts f
                     WHERE f.branch_key = m.branch_key AND f.day >= m.month AND f.day < (m.month + interval '1 month')::date OFFSET 0) f,
           ${dimensionsOf('f')}
     WHERE ${inDimension('f')}
  ),
  buckets AS (
    SELECT sp.span, sp.at, k.branch_key, k.dimension, k.key, k.bucket, count(*) AS leads, count(*) FILTER (WHERE k.within_sla) AS within_sla,
           count(*) FILTER (WHERE k.booked) AS booked, count(*) FILTER (WHERE k.visited) AS visited, count(*) FILTER (WHERE k.repeat) AS repeat,
           sum(k.revenue) AS revenue, min(k.contact_sec) AS min_sec, max(k.contact_sec) AS max_sec
      FROM keyed k, LATERAL (VALUES ('day', k.day), ('month', date_trunc('month', k.day)::date)) sp(span, at)
     GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO lead_funnel_rollup (${ROLLUP_COLUMNS})
  SELECT span, at, branch_key, dimension, key, sum(leads), COALESCE(sum(leads) FILTER (WHERE bucket IS NOT NULL), 0), sum(within_sla), sum(booked),
         sum(visited), sum(repeat), sum(revenue), ${HISTOGRAM_SQL}
    FROM buckets GROUP BY span, at, branch_key, dimension, key`;

/**
 * Brings the leads $3 up to date, in one statement: their facts are recomputed (or dropped, for a lead that is gone)
 * and every day and month row they count in moves by the difference. Counts add up; a contact-time bucket takes the
 * new values' smallest and largest, and when a value at one of its edges went away, its edges are read again from the
 * facts. Rows and buckets left without leads go. The result is what summing the facts afresh would give. $1 the
 * clinic's zone, $2 the repeat window.
 */
const APPLY_LEADS_SQL = `
  WITH ${factsCtes('l.id = ANY($3::uuid[])', '$2')},
  old AS (DELETE FROM lead_funnel_facts WHERE lead_id = ANY($3::uuid[]) RETURNING ${FACT_COLUMNS}),
  new AS (INSERT INTO lead_funnel_facts (${FACT_COLUMNS}) SELECT ${FACT_COLUMNS} FROM computed RETURNING ${FACT_COLUMNS}),
  sides AS (SELECT -1 AS sign, o.* FROM old o UNION ALL SELECT 1, n.* FROM new n),
  keyed AS (
    SELECT s.sign, sp.span, sp.at, s.branch_key, d.dimension, d.key, COALESCE(d.key, '') AS key_text, d.key IS NULL AS key_null,
           s.bucket, s.contact_sec, s.within_sla, s.booked, s.visited, s.repeat, s.revenue
      FROM sides s, ${dimensionsOf('s')}, LATERAL (VALUES ('day', s.day), ('month', date_trunc('month', s.day)::date)) sp(span, at)
     WHERE ${inDimension('s')}
  ),
  -- Each row to change gets a number, which the steps below group and join by. The steps are materialized: the
  -- planner cannot see how many rows they hold and would otherwise run some of them again for every row of another.
  groups AS MATERIALIZED (
    SELECT row_number() OVER () AS n, span, at, branch_key, dimension, key, key_text, key_null,
           sum(sign) AS leads, COALESCE(sum(sign) FILTER (WHERE bucket IS NOT NULL), 0) AS contacted, sum(sign * within_sla::int) AS within_sla,
           sum(sign * booked::int) AS booked, sum(sign * visited::int) AS visited, sum(sign * repeat::int) AS repeat, sum(sign * revenue) AS revenue
      FROM keyed GROUP BY span, at, branch_key, dimension, key, key_text, key_null
  ),
  numbered AS MATERIALIZED (
    SELECT g.n, k.* FROM keyed k
      JOIN groups g ON (g.span, g.at, g.branch_key, g.dimension, g.key_text, g.key_null) = (k.span, k.at, k.branch_key, k.dimension, k.key_text, k.key_null)
     WHERE k.bucket IS NOT NULL
  ),
  -- Per bucket: the change in leads, and the contact times that came and that went (a time recomputed to the same
  -- value neither comes nor goes).
  bucket_delta AS MATERIALIZED (
    SELECT n, bucket, sum(net) AS leads,
           min(contact_sec) FILTER (WHERE net > 0) AS added_min, max(contact_sec) FILTER (WHERE net > 0) AS added_max,
           min(contact_sec) FILTER (WHERE net < 0) AS removed_min, max(contact_sec) FILTER (WHERE net < 0) AS removed_max
      FROM (SELECT n, bucket, contact_sec, sum(sign) AS net FROM numbered GROUP BY n, bucket, contact_sec) v
     GROUP BY n, bucket
  ),
  existing AS MATERIALIZED (
    SELECT g.n, x.* FROM groups g
      JOIN lead_funnel_rollup x ON x.dimension = g.dimension AND x.span = g.span AND x.day = g.at AND x.branch_key = g.branch_key AND x.key IS NOT DISTINCT FROM g.key
  ),
  merged AS MATERIALIZED (
    SELECT COALESCE(o.n, b.n) AS n, COALESCE(o.bucket, b.bucket) AS bucket, COALESCE(o.leads, 0) + COALESCE(b.leads, 0) AS leads,
           b.removed_min IS NOT NULL AND (b.removed_min <= o.min_sec OR b.removed_max >= o.max_sec) AS reread,
           least(o.min_sec, b.added_min) AS min_sec, greatest(o.max_sec, b.added_max) AS max_sec
      FROM (SELECT e.n, h.bucket, h.leads, h.min_sec, h.max_sec
              FROM existing e, unnest(e.contact_buckets, e.contact_leads, e.contact_min_sec, e.contact_max_sec) h(bucket, leads, min_sec, max_sec)) o
      FULL JOIN bucket_delta b ON b.n = o.n AND b.bucket = o.bucket
  ),
  -- The facts as this statement leaves them, where a bucket's edges must be read again.
  after AS (
    SELECT f.* FROM lead_funnel_facts f WHERE NOT (f.lead_id = ANY($3::uuid[]))
    UNION ALL
    SELECT n.* FROM new n
  ),
  buckets AS (
    SELECT m.n, m.bucket, m.leads, CASE WHEN m.reread THEN e.min_sec ELSE m.min_sec END AS min_sec, CASE WHEN m.reread THEN e.max_sec ELSE m.max_sec END AS max_sec
      FROM merged m JOIN groups g ON g.n = m.n
      LEFT JOIN LATERAL (
        SELECT min(a.contact_sec) AS min_sec, max(a.contact_sec) AS max_sec FROM after a
         WHERE m.reread AND a.branch_key = g.branch_key AND a.bucket = m.bucket
           AND a.day >= g.at AND a.day < CASE WHEN g.span = 'day' THEN g.at + 1 ELSE (g.at + interval '1 month')::date END
           AND (${keyIn('a', 'g.dimension')}) IS NOT DISTINCT FROM g.key
      ) e ON true
     WHERE m.leads > 0
  ),
  histograms AS (SELECT n, ${HISTOGRAM_SQL} FROM buckets GROUP BY n),
  totals AS (
    SELECT g.n, g.span, g.at, g.branch_key, g.dimension, g.key, COALESCE(e.leads, 0) + g.leads AS leads, COALESCE(e.contacted, 0) + g.contacted AS contacted,
           COALESCE(e.contacted_within_sla, 0) + g.within_sla AS within_sla, COALESCE(e.booked, 0) + g.booked AS booked,
           COALESCE(e.visited, 0) + g.visited AS visited, COALESCE(e.repeat, 0) + g.repeat AS repeat, COALESCE(e.revenue, 0) + g.revenue AS revenue,
           e.n IS NOT NULL AS kept
      FROM groups g LEFT JOIN existing e ON e.n = g.n
  ),
  -- Run whether or not anything reads it, like every data-modifying CTE.
  gone AS (
    DELETE FROM lead_funnel_rollup x USING totals t
     WHERE t.kept AND t.leads = 0 AND x.dimension = t.dimension AND x.span = t.span AND x.day = t.at AND x.branch_key = t.branch_key
       AND x.key IS NOT DISTINCT FROM t.key
    RETURNING 1
  )
  INSERT INTO lead_funnel_rollup (${ROLLUP_COLUMNS})
  SELECT t.span, t.at, t.branch_key, t.dimension, t.key, t.leads, t.contacted, t.within_sla, t.booked, t.visited, t.repeat, t.revenue,
         COALESCE(h.contact_buckets, '{}'), COALESCE(h.contact_leads, '{}'), COALESCE(h.contact_min_sec, '{}'), COALESCE(h.contact_max_sec, '{}')
    FROM totals t LEFT JOIN histograms h ON h.n = t.n
   WHERE t.leads > 0
  ON CONFLICT (dimension, span, day, branch_key, key) DO UPDATE SET
    leads = EXCLUDED.leads, contacted = EXCLUDED.contacted, contacted_within_sla = EXCLUDED.contacted_within_sla, booked = EXCLUDED.booked,
    visited = EXCLUDED.visited, repeat = EXCLUDED.repeat, revenue = EXCLUDED.revenue, contact_buckets = EXCLUDED.contact_buckets,
    contact_leads = EXCLUDED.contact_leads, contact_min_sec = EXCLUDED.contact_min_sec, contact_max_sec = EXCLUDED.contact_max_sec`;

const CURRENT_SQL = `built_at IS NOT NULL AND legal_time_zone = $1 AND repeat_window_days = $2`;

/** The funnel rollup's state, change notes, facts and rows. */
@Injectable()
export class LeadFunnelRollupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the rollup is built for this clinic zone and repeat window, and whether changes wait to be applied. */
  async state(legalZone: string, windowDays: number): Promise<{ current: boolean; pending: boolean }> {
    const row = await one<{ current: boolean; pending: boolean }>(
      this.dataSource,
      `SELECT ${CURRENT_SQL} AS current, EXISTS (SELECT 1 FROM lead_funnel_touched) OR EXISTS (SELECT 1 FROM lead_funnel_changes) AS pending
         FROM lead_funnel_rollup_state`,
      [legalZone, windowDays],
    );
    return { current: row?.current ?? false, pending: row?.pending ?? false };
  }

  /** Makes the transaction the only one changing the rollup, and gives it memory to sort a rebuild. */
  async lock(em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('lead_funnel_rollup'))`);
    await execute(em, `SET LOCAL work_mem = '64MB'`);
  }

  async isCurrent(legalZone: string, windowDays: number, em: EntityManager): Promise<boolean> {
    return (await one<{ current: boolean }>(em, `SELECT ${CURRENT_SQL} AS current FROM lead_funnel_rollup_state`, [legalZone, windowDays]))?.current ?? false;
  }

  /** Consumes the notes of branches whose time zone changed. */
  async takeRezonedBranches(em: EntityManager): Promise<string[]> {
    const noted = await rows<{ branch_key: string }>(em, `WITH c AS (DELETE FROM lead_funnel_changes RETURNING branch_key) SELECT DISTINCT branch_key FROM c`);
    return noted.map((r) => r.branch_key);
  }

  /** Consumes the notes of leads whose figures may have changed. */
  async takeTouchedLeads(em: EntityManager): Promise<string[]> {
    const noted = await rows<{ lead_id: string }>(em, `WITH t AS (DELETE FROM lead_funnel_touched RETURNING lead_id) SELECT DISTINCT lead_id FROM t`);
    return noted.map((r) => r.lead_id);
  }

  /** Brings these leads' facts and the rows they count in up to date (see APPLY_LEADS_SQL). */
  async applyLeads(leadIds: string[], legalZone: string, windowDays: number, em: EntityManager): Promise<void> {
    await execute(em, APPLY_LEADS_SQL, [legalZone, windowDays, leadIds]);
  }

  async markBuilt(legalZone: string, windowDays: number, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE lead_funnel_rollup_state SET built_at = now(), legal_time_zone = $1, repeat_window_days = $2`, [legalZone, windowDays]);
  }

  /** After a rebuild the rows of one dimension and span are put side by side, so a report reads a few pages rather than one per row. */
  async cluster(em: EntityManager): Promise<void> {
    await execute(em, `CLUSTER lead_funnel_rollup USING lead_funnel_rollup_key`);
  }

  /** Fresh statistics after a large change, so reports plan on what is there now. */
  async analyze(em: EntityManager): Promise<void> {
    await execute(em, `ANALYZE lead_funnel_rollup, lead_funnel_facts`);
  }

  /** Every branch key: the branches and "no branch". */
  async everyBranchKey(em: EntityManager): Promise<string[]> {
    return (await rows<{ id: string }>(em, `SELECT id FROM branches UNION ALL SELECT $1::uuid`, [NO_BRANCH_ID])).map((r) => r.id);
  }

  /** Removes the facts and rows of these branches. */
  async deleteBranches(keys: string[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM lead_funnel_facts WHERE branch_key = ANY($1::uuid[])`, [keys]);
    await execute(em, `DELETE FROM lead_funnel_rollup WHERE branch_key = ANY($1::uuid[])`, [keys]);
  }

  /** When the first and the last lead arrived (null without leads); the first as the UTC month it began in. */
  async leadSpan(em: EntityManager): Promise<{ first: Date | string | null; last: Date | null }> {
    const row = await one<{ first: Date | string | null; last: Date | null }>(
      em,
      `SELECT date_trunc('month', min(created_at) AT TIME ZONE 'UTC') AS first, max(created_at) AS last FROM leads`,
    );
    return row ?? { first: null, last: null };
  }

  /** Facts of the leads of these branches that arrived in [from, to); their earlier facts must be gone. */
  async insertFacts(keys: string[], from: Date, to: Date, legalZone: string, windowDays: number, em: EntityManager): Promise<void> {
    await execute(em, INSERT_FACTS_SQL, [legalZone, windowDays, from, to, keys]);
  }

  /** The branch-months (first days) the facts of these branches fall in. */
  async factMonths(keys: string[], em: EntityManager): Promise<Array<{ branch_key: string; month: string }>> {
    return rows(
      em,
      `SELECT DISTINCT branch_key, to_char(date_trunc('month', day), 'YYYY-MM-DD') AS month FROM lead_funnel_facts WHERE branch_key = ANY($1::uuid[]) ORDER BY 1, 2`,
      [keys],
    );
  }

  /** Day and month rows of these branch-months summed from the facts; none may exist yet. */
  async rowsFromFacts(months: Array<{ branch_key: string; month: string }>, em: EntityManager): Promise<void> {
    await execute(em, ROWS_FROM_FACTS_SQL, [months.map((m) => m.branch_key), months.map((m) => m.month)]);
  }
}
