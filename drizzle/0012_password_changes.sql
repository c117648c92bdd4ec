-- Password management: a changed or reset password ends the sessions signed in before it, and a password an
-- administrator chose must be replaced by the user before anything else.
ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;