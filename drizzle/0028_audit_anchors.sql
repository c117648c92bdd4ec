CREATE TABLE "audit_anchors" (
	"seq" integer PRIMARY KEY NOT NULL,
	"anchored_at" timestamp with time zone NOT NULL,
	"entry_id" bigint NOT NULL,
	"entry_hash" text NOT NULL,
	"entry_count" bigint NOT NULL,
	"mac" text NOT NULL,
	"anchored_by" uuid
);
