ALTER TABLE "oa_outbox" ADD COLUMN "receivers" jsonb;--> statement-breakpoint
CREATE INDEX "oa_outbox_approval_idx" ON "oa_outbox" USING btree ("approval_id");