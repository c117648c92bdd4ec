DROP INDEX "oa_callbacks_connector_idx";--> statement-breakpoint
CREATE INDEX "oa_callbacks_connector_idx" ON "oa_callbacks" USING btree ("connector_id","received_at","id");