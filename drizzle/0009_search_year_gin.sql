CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "record_search_doc_idx";--> statement-breakpoint
CREATE INDEX "record_search_year_doc_idx" ON "record_search" USING gin ("fiscal_year","doc");--> statement-breakpoint
CREATE INDEX "record_search_amount_idx" ON "record_search" USING btree ("fonds_id","amount","fiscal_year");--> statement-breakpoint
CREATE INDEX "record_search_period_date_idx" ON "record_search" USING btree ("fonds_id","fiscal_year","period","doc_date","record_id");