CREATE TABLE "oa_launch_tokens" (
	"jti" text PRIMARY KEY NOT NULL,
	"connector_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oa_callbacks" ADD COLUMN "replay_key" text;--> statement-breakpoint
ALTER TABLE "oa_connectors" ADD COLUMN "secret_hints" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "oa_connectors" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "oa_connectors" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "oa_launch_tokens" ADD CONSTRAINT "oa_launch_tokens_connector_id_oa_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."oa_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_launch_tokens" ADD CONSTRAINT "oa_launch_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_connectors" ADD CONSTRAINT "oa_connectors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "oa_callbacks_replay_key" ON "oa_callbacks" USING btree ("connector_id","replay_key");--> statement-breakpoint
CREATE UNIQUE INDEX "oa_connectors_api_key_idx" ON "oa_connectors" USING btree ("api_key_hash");