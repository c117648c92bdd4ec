ALTER TYPE "public"."alert_kind" ADD VALUE 'store_unavailable';--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "resolution_note" text;