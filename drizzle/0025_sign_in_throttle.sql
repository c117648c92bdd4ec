CREATE TABLE "sign_in_throttle" (
	"username_digest" text PRIMARY KEY NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sign_in_throttle_spent_idx" ON "sign_in_throttle" USING btree ("locked_until") WHERE "sign_in_throttle"."failed_attempts" = 0;