/**
 * SQL of the funnel rollup (`lead_funnel_rollup`): how a cohort of leads becomes rows per day, branch, dimension value
 * and contact-time bucket, and how new leads' rows are added to the kept ones. Used by LeadFunnelRollup.
 */
import { contactBucketSql, FIRST_CONTACT_SECONDS_SQL, leadOutcomesCte, leadRepeatSql, NO_BRANCH_ID, STAGE_SQL } from './funnel-definitions.js';

const NO_BRANCH = `'${NO_BRANCH_ID}'::uuid`;

export const ROLLUP_COLUMNS = `span, day, branch_key, dimension, key, leads, contacted, contacted_within_sla, booked, visited, repeat, revenue,
  contact_buckets, contact_leads, contact_min_sec, contact_max_sec`;

/** The histogram columns aggregated from rows (bucket, leads, min_sec, max_sec) of contact-time buckets; NULL buckets are leads without contact. */
export const HISTOGRAM_SQL = `COALESCE(array_agg(bucket ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_buckets,
  COALESCE(array_agg(leads ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_leads,
  COALESCE(array_agg(min_sec ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_min_sec,
  COALESCE(array_agg(max_sec ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{}') AS contact_max_sec`;

/** CTE `zones`: the branches' zones, and the clinic's ($1) for leads without a branch. */
export const ZONES_CTE = `zones AS (SELECT id AS branch_key, timezone AS tz FROM branches UNION ALL SELECT ${NO_BRANCH}, $1::text)`;

/** The columns of a lead a cohort carries (alias `l`). */
export const COHORT_LEAD_COLUMNS = `l.id, l.patient_id, l.channel, l.utm_campaign, l.source_id, l.assigned_operator_id, l.first_contact_at, l.sla_due_at, l.created_at`;

/**
 * CTEs `lead_outcomes`, `facts` and `buckets` over a CTE `cohort` (day, branch_key, tz and the lead columns above):
 * per local day, branch, dimension, key and contact-time bucket, the funnel's counts. `windowDays` is the
 * placeholder of the repeat window.
 */
export function bucketsCtes(windowDays: string): string {
  return `${leadOutcomesCte('a.lead_id IN (SELECT id FROM cohort)')},
    facts AS (
      SELECT l.day, l.branch_key, l.channel, l.utm_campaign, l.source_id::text AS source, l.assigned_operator_id::text AS operator,
             o.doctor_id::text AS doctor, extract(hour FROM l.created_at AT TIME ZONE l.tz)::int::text AS hour, ${FIRST_CONTACT_SECONDS_SQL} AS contact_sec,
             COALESCE(${STAGE_SQL.contactedWithinSla}, false) AS within_sla, ${STAGE_SQL.booked} AS booked, ${STAGE_SQL.visited} AS visited,
             COALESCE(${leadRepeatSql(windowDays)}, false) AS repeat, COALESCE(o.revenue, 0) AS revenue
        FROM cohort l LEFT JOIN lead_outcomes o ON o.lead_id = l.id
    ),
    buckets AS (
      SELECT f.day, f.branch_key, d.dimension, d.key, ${contactBucketSql('f.contact_sec')} AS bucket,
             count(*) AS leads, count(*) FILTER (WHERE f.within_sla) AS within_sla, count(*) FILTER (WHERE f.booked) AS booked,
             count(*) FILTER (WHERE f.visited) AS visited, count(*) FILTER (WHERE f.repeat) AS repeat, sum(f.revenue) AS revenue,
             min(f.contact_sec) AS min_sec, max(f.contact_sec) AS max_sec
        FROM facts f,
             LATERAL (VALUES ('channel', f.channel), ('campaign', f.utm_campaign), ('source', f.source), ('operator', f.operator), ('doctor', f.doctor),
                             ('hour', f.hour), ('total', NULL), ('no_campaign', CASE WHEN f.utm_campaign IS NULL THEN f.channel END)) d(dimension, key)
       WHERE d.dimension <> 'no_campaign' OR f.utm_campaign IS NULL
       GROUP BY 1, 2, 3, 4, 5
    )`;
}

/**
 * Adds the figures of new leads (ids $3) to the day and month rows they belong to, creating rows that are missing:
 * counts add up, and the histograms merge bucket by bucket (counts add, a bucket's smallest and largest value only
 * widen), so the result is what recomputing would give. Leads on the branch-days $4/$5 (recomputed in the same
 * refresh) or of the branches $6 (rebuilt) are left to that. $1 the clinic's zone, $2 the repeat window.
 */
export const ADD_LEADS_SQL = `
  WITH ${ZONES_CTE},
  cohort AS MATERIALIZED (
    SELECT (l.created_at AT TIME ZONE z.tz)::date AS day, z.branch_key, z.tz, ${COHORT_LEAD_COLUMNS}
      FROM leads l JOIN zones z ON z.branch_key = COALESCE(l.branch_id, ${NO_BRANCH})
     WHERE l.id = ANY($3::uuid[]) AND NOT z.branch_key = ANY($6::uuid[])
       AND (z.branch_key, (l.created_at AT TIME ZONE z.tz)::date) NOT IN (SELECT * FROM unnest($4::uuid[], $5::date[]))
  ),
  ${bucketsCtes('$2')},
  delta AS (
    SELECT 'day' AS span, day, branch_key, dimension, key, bucket, leads, within_sla, booked, visited, repeat, revenue, min_sec, max_sec FROM buckets
    UNION ALL
    SELECT 'month', date_trunc('month', day)::date, branch_key, dimension, key, bucket, sum(leads), sum(within_sla), sum(booked), sum(visited), sum(repeat),
           sum(revenue), min(min_sec), max(max_sec)
      FROM buckets GROUP BY 2, 3, 4, 5, 6
  ),
  -- Each row to write gets a number, which the merge below groups and joins by (cheaper than five key columns).
  groups AS MATERIALIZED (
    SELECT row_number() OVER () AS n, span, day, branch_key, dimension, key, COALESCE(key, '') AS key_text, key IS NULL AS key_null,
           sum(leads) AS leads, COALESCE(sum(leads) FILTER (WHERE bucket IS NOT NULL), 0) AS contacted,
           sum(within_sla) AS within_sla, sum(booked) AS booked, sum(visited) AS visited, sum(repeat) AS repeat, sum(revenue) AS revenue
      FROM delta GROUP BY span, day, branch_key, dimension, key
  ),
  existing AS MATERIALIZED (
    SELECT g.n, x.* FROM groups g
      JOIN lead_funnel_rollup x ON x.dimension = g.dimension AND x.span = g.span AND x.day = g.day AND x.branch_key = g.branch_key AND x.key IS NOT DISTINCT FROM g.key
  ),
  histograms AS (
    SELECT n, ${HISTOGRAM_SQL}
      FROM (SELECT n, bucket, sum(leads) AS leads, min(min_sec) AS min_sec, max(max_sec) AS max_sec
              FROM (SELECT g.n, d.bucket, d.leads, d.min_sec, d.max_sec
                      FROM delta d JOIN groups g ON (g.span, g.day, g.branch_key, g.dimension, g.key_text, g.key_null) = (d.span, d.day, d.branch_key, d.dimension, COALESCE(d.key, ''), d.key IS NULL)
                     WHERE d.bucket IS NOT NULL
                    UNION ALL
                    SELECT e.n, h.bucket, h.leads, h.min_sec, h.max_sec
                      FROM existing e, unnest(e.contact_buckets, e.contact_leads, e.contact_min_sec, e.contact_max_sec) h(bucket, leads, min_sec, max_sec)) b
             GROUP BY n, bucket) merged
     GROUP BY n
  )
  INSERT INTO lead_funnel_rollup (${ROLLUP_COLUMNS})
  SELECT g.span, g.day, g.branch_key, g.dimension, g.key, COALESCE(e.leads, 0) + g.leads, COALESCE(e.contacted, 0) + g.contacted,
         COALESCE(e.contacted_within_sla, 0) + g.within_sla, COALESCE(e.booked, 0) + g.booked, COALESCE(e.visited, 0) + g.visited,
         COALESCE(e.repeat, 0) + g.repeat, COALESCE(e.revenue, 0) + g.revenue,
         COALESCE(h.contact_buckets, '{}'), COALESCE(h.contact_leads, '{}'), COALESCE(h.contact_min_sec, '{}'), COALESCE(h.contact_max_sec, '{}')
    FROM groups g LEFT JOIN existing e ON e.n = g.n LEFT JOIN histograms h ON h.n = g.n
  ON CONFLICT (dimension, span, day, branch_key, key) DO UPDATE SET
    leads = EXCLUDED.leads, contacted = EXCLUDED.contacted, contacted_within_sla = EXCLUDED.contacted_within_sla, booked = EXCLUDED.booked,
    visited = EXCLUDED.visited, repeat = EXCLUDED.repeat, revenue = EXCLUDED.revenue, contact_buckets = EXCLUDED.contact_buckets,
    contact_leads = EXCLUDED.contact_leads, contact_min_sec = EXCLUDED.contact_min_sec, contact_max_sec = EXCLUDED.contact_max_sec`;
