ALTER TABLE "check_runs" ADD COLUMN "periods" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Runs stored before: their months from the records their results name, as the workbench used to find them.
UPDATE "check_runs" SET "periods" = covered.periods
FROM (
  SELECT res.run_id, array_agg(DISTINCT r.fiscal_year * 100 + r.period ORDER BY r.fiscal_year * 100 + r.period) AS periods
  FROM "check_results" res JOIN "records" r ON r.id = res.record_id
  WHERE r.period IS NOT NULL
  GROUP BY res.run_id
) covered
WHERE covered.run_id = "check_runs"."id";
