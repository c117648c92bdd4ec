DROP INDEX "records_browse_idx";--> statement-breakpoint
CREATE INDEX "records_browse_idx" ON "records" USING btree ("fonds_id","fiscal_year","category","period","state");