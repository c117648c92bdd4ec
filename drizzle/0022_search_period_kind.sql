DROP INDEX "records_browse_idx";--> statement-breakpoint
DROP INDEX "record_search_period_date_idx";--> statement-breakpoint
ALTER TABLE "record_search" ADD COLUMN "period_kind" "period_kind";--> statement-breakpoint
-- Rows indexed before the column existed take their record's kind, as indexRecords now writes it: without it a
-- Q3 report (period 3) was listed under March. Idempotent, so a rerun or a row already right changes nothing.
-- Run before the indexes are built again, so the rows are not indexed twice.
UPDATE record_search s SET period_kind = r.period_kind FROM records r
WHERE r.id = s.record_id AND s.period_kind IS DISTINCT FROM r.period_kind;--> statement-breakpoint
CREATE INDEX "records_browse_idx" ON "records" USING btree ("fonds_id","fiscal_year","category","period_kind","period","state");--> statement-breakpoint
CREATE INDEX "record_search_period_date_idx" ON "record_search" USING btree ("fonds_id","fiscal_year","period_kind","period","doc_date","record_id");