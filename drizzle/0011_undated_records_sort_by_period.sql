-- A record without a date of its own (a bank receipt PDF, a scanned contract) is sorted and filtered in
-- search as of the last day of its period, or of its year. Left NULL, it came first in every newest-first
-- list (DESC puts NULLs first, and the date indexes serve the sort only with the default NULLS order):
-- the demo's browse page opened on a screen of undated receipts. records.doc_date stays NULL; only the
-- search row's sort key is derived. Out-of-range periods are clamped rather than allowed to fail an insert.
CREATE FUNCTION acta_period_end(fiscal_year smallint, kind period_kind, period smallint) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (make_date(fiscal_year, least(greatest(CASE
      WHEN period IS NULL THEN 12
      WHEN kind = 'month' THEN period
      WHEN kind = 'quarter' THEN period * 3
      WHEN kind = 'half' THEN period * 6
      ELSE 12 END, 1), 12), 1) + interval '1 month' - interval '1 day')::date
$$;
--> statement-breakpoint
UPDATE record_search s
SET doc_date = acta_period_end(r.fiscal_year, r.period_kind, r.period)
FROM records r
WHERE r.id = s.record_id AND r.doc_date IS NULL AND s.doc_date IS NULL;
