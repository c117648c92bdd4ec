CREATE TYPE "public"."alert_kind" AS ENUM('duplicate_reimbursement', 'fixity_mismatch', 'file_missing', 'retention_expiring');--> statement-breakpoint
CREATE TYPE "public"."approval_kind" AS ENUM('filing', 'loan', 'destruction', 'transfer');--> statement-breakpoint
CREATE TYPE "public"."approval_state" AS ENUM('pending', 'approved', 'rejected', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."record_category" AS ENUM('voucher', 'ledger', 'report', 'other');--> statement-breakpoint
CREATE TYPE "public"."check_outcome" AS ENUM('pass', 'fail', 'warning', 'not_applicable', 'not_performed');--> statement-breakpoint
CREATE TYPE "public"."check_status" AS ENUM('none', 'passed', 'warning', 'failed');--> statement-breakpoint
CREATE TYPE "public"."decision" AS ENUM('approve', 'reject');--> statement-breakpoint
CREATE TYPE "public"."decision_source" AS ENUM('ui', 'api', 'oa');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('einvoice', 'bank_receipt', 'bank_statement', 'contract', 'expense_claim', 'business_document', 'approval_form', 'other');--> statement-breakpoint
CREATE TYPE "public"."file_role" AS ENUM('content', 'attachment', 'metadata', 'rendition');--> statement-breakpoint
CREATE TYPE "public"."import_state" AS ENUM('queued', 'running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."link_type" AS ENUM('source_document', 'related', 'claim', 'reversal');--> statement-breakpoint
CREATE TYPE "public"."oa_kind" AS ENUM('generic', 'dingtalk', 'feishu', 'wecom', 'weaver', 'seeyon');--> statement-breakpoint
CREATE TYPE "public"."period_kind" AS ENUM('month', 'quarter', 'half', 'year');--> statement-breakpoint
CREATE TYPE "public"."record_state" AS ENUM('collected', 'filing', 'archived', 'transferred', 'on_loan', 'destroyed');--> statement-breakpoint
CREATE TYPE "public"."retention" AS ENUM('permanent', 'Y30', 'Y10', 'Y5', 'Y2', 'after_disposal_5y');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('archivist', 'accountant', 'finance_approver', 'auditor', 'borrower', 'sysadmin', 'secadmin', 'auditadmin');--> statement-breakpoint
CREATE TYPE "public"."approval_step_state" AS ENUM('waiting', 'pending', 'approved', 'rejected', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."volume_state" AS ENUM('open', 'sealed');--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"fonds_id" uuid,
	"role" "role" NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_assignments_unique" UNIQUE NULLS NOT DISTINCT("user_id","fonds_id","role")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"password_hash" text,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"oidc_issuer" text,
	"oidc_subject" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_key" UNIQUE("username"),
	CONSTRAINT "users_oidc_key" UNIQUE("oidc_issuer","oidc_subject")
);
--> statement-breakpoint
CREATE TABLE "archival_code_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"category" "record_category" NOT NULL,
	"template" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "archival_code_rules_key" UNIQUE("fonds_id","category")
);
--> statement-breakpoint
CREATE TABLE "code_sequences" (
	"fonds_id" uuid NOT NULL,
	"sequence_key" text NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "code_sequences_fonds_id_sequence_key_pk" PRIMARY KEY("fonds_id","sequence_key")
);
--> statement-breakpoint
CREATE TABLE "fonds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"parent_id" uuid,
	"schedule_id" uuid NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fonds_code_key" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "fonds_retention_overrides" (
	"fonds_id" uuid NOT NULL,
	"material_type" text NOT NULL,
	"retention" "retention" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fonds_retention_overrides_fonds_id_material_type_pk" PRIMARY KEY("fonds_id","material_type")
);
--> statement-breakpoint
CREATE TABLE "retention_schedule_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"seq" smallint NOT NULL,
	"material_type" text NOT NULL,
	"category" "record_category" NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"retention" "retention" NOT NULL,
	"note" text,
	CONSTRAINT "retention_schedule_items_key" UNIQUE("schedule_id","material_type")
);
--> statement-breakpoint
CREATE TABLE "retention_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"is_legal" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_schedules_code_key" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid,
	"kind" "alert_kind" NOT NULL,
	"record_id" uuid,
	"file_id" uuid,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_no" text NOT NULL,
	"invoice_code" text DEFAULT '' NOT NULL,
	"fonds_id" uuid NOT NULL,
	"document_record_id" uuid,
	"voucher_record_id" uuid,
	"issue_date" date,
	"seller_name" text,
	"seller_tax_id" text,
	"buyer_name" text,
	"buyer_tax_id" text,
	"amount" numeric(18, 2),
	"tax" numeric(18, 2),
	"total" numeric(18, 2),
	"sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_number_key" UNIQUE("invoice_no","invoice_code")
);
--> statement-breakpoint
CREATE TABLE "record_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"role" "file_role" DEFAULT 'content' NOT NULL,
	"file_name" text NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_files_key" UNIQUE("record_id","file_id","role")
);
--> statement-breakpoint
CREATE TABLE "record_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_record_id" uuid NOT NULL,
	"to_record_id" uuid NOT NULL,
	"link_type" "link_type" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_links_key" UNIQUE("from_record_id","to_record_id","link_type")
);
--> statement-breakpoint
CREATE TABLE "records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"category" "record_category" NOT NULL,
	"material_type" text NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"period_kind" "period_kind",
	"period" smallint,
	"title" text NOT NULL,
	"doc_date" date,
	"amount" numeric(18, 2),
	"state" "record_state" DEFAULT 'collected' NOT NULL,
	"archival_code" text,
	"volume_id" uuid,
	"item_no" integer,
	"retention" "retention" NOT NULL,
	"retention_expires_on" date,
	"disposal_date" date,
	"check_status" "check_status" DEFAULT 'none' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_system" text,
	"source_key" text,
	"content_hash" text,
	"storage_location" text,
	"notes" text,
	"filed_at" timestamp with time zone,
	"filed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "records_archival_code_key" UNIQUE("archival_code"),
	CONSTRAINT "records_source_key" UNIQUE("fonds_id","source_key")
);
--> statement-breakpoint
CREATE TABLE "source_documents" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"fonds_id" uuid NOT NULL,
	"kind" "document_kind" NOT NULL,
	"document_no" text,
	"issued_on" date,
	"counterparty" text,
	"amount" numeric(18, 2),
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"sm3" text NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_verified_at" timestamp with time zone,
	"last_verify_ok" text,
	CONSTRAINT "stored_files_sha256_key" UNIQUE("sha256")
);
--> statement-breakpoint
CREATE TABLE "volumes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"category" "record_category" NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"period_kind" "period_kind",
	"period" smallint,
	"voucher_word" text,
	"material_type" text,
	"seq" integer NOT NULL,
	"volume_no" integer,
	"title" text NOT NULL,
	"state" "volume_state" DEFAULT 'open' NOT NULL,
	"retention" "retention",
	"cover" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sealed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voucher_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "voucher_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"record_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"summary" text NOT NULL,
	"account_code" text NOT NULL,
	"account_name" text,
	"debit" numeric(18, 2) DEFAULT '0' NOT NULL,
	"credit" numeric(18, 2) DEFAULT '0' NOT NULL,
	"currency" text,
	"exchange_rate" numeric(18, 8),
	"foreign_amount" numeric(18, 2),
	"quantity" numeric(18, 6),
	"unit_price" numeric(18, 6),
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "voucher_lines_seq_key" UNIQUE("record_id","seq")
);
--> statement-breakpoint
CREATE TABLE "voucher_refs" (
	"record_id" uuid NOT NULL,
	"fonds_id" uuid NOT NULL,
	"ref_type" text NOT NULL,
	"ref_no" text NOT NULL,
	CONSTRAINT "voucher_refs_key" UNIQUE("record_id","ref_type","ref_no")
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"fonds_id" uuid NOT NULL,
	"source_system" text NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"period" smallint NOT NULL,
	"voucher_word" text NOT NULL,
	"voucher_no" text NOT NULL,
	"voucher_no_num" integer,
	"voucher_date" date NOT NULL,
	"summary" text NOT NULL,
	"preparer" text,
	"reviewer" text,
	"poster" text,
	"cashier" text,
	"attachment_count" integer,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"debit_total" numeric(18, 2) NOT NULL,
	"credit_total" numeric(18, 2) NOT NULL,
	"external_id" text,
	CONSTRAINT "vouchers_identity_key" UNIQUE("fonds_id","source_system","fiscal_year","period","voucher_word","voucher_no")
);
--> statement-breakpoint
CREATE TABLE "check_results" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "check_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" uuid NOT NULL,
	"record_id" uuid,
	"code" text NOT NULL,
	"property" text NOT NULL,
	"outcome" "check_outcome" NOT NULL,
	"detail" jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"stage" text DEFAULT 'GD' NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "filing_records" (
	"filing_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "filing_records_key" UNIQUE("filing_id","record_id")
);
--> statement-breakpoint
CREATE TABLE "filings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"fiscal_year" smallint,
	"period" smallint,
	"volume_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"check_run_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "erp_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"name" text NOT NULL,
	"source_system" text NOT NULL,
	"format_id" text,
	"mapping" jsonb,
	"api_key_hash" text,
	"api_key_prefix" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_errors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_id" uuid NOT NULL,
	"row_no" integer,
	"voucher_key" text,
	"field" text,
	"value" text,
	"code" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connector_id" uuid NOT NULL,
	"fonds_id" uuid NOT NULL,
	"state" "import_state" DEFAULT 'queued' NOT NULL,
	"file_name" text NOT NULL,
	"file_id" uuid,
	"format_id" text,
	"detection" jsonb,
	"progress" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{"rows":0,"vouchers":0,"created":0,"updated":0,"unchanged":0,"rejected":0,"conflicts":0}'::jsonb NOT NULL,
	"failure" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oa_callbacks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connector_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"method" text NOT NULL,
	"headers" jsonb NOT NULL,
	"body_sha256" text NOT NULL,
	"verification" text NOT NULL,
	"event_id" text,
	"outcome" text NOT NULL,
	"http_status" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oa_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"kind" "oa_kind" NOT NULL,
	"name" text NOT NULL,
	"base_url" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets_encrypted" text,
	"api_key_hash" text,
	"api_key_prefix" text,
	"allowed_origins" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allow_sso_provisioning" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oa_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connector_id" uuid NOT NULL,
	"approval_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "oa_outbox_key" UNIQUE("connector_id","approval_id","kind")
);
--> statement-breakpoint
CREATE TABLE "oa_user_mappings" (
	"connector_id" uuid NOT NULL,
	"oa_user_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "oa_user_mappings_connector_id_oa_user_id_pk" PRIMARY KEY("connector_id","oa_user_id")
);
--> statement-breakpoint
CREATE TABLE "approval_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"step_id" uuid,
	"decision" "decision" NOT NULL,
	"comment" text,
	"source" "decision_source" NOT NULL,
	"actor_id" uuid,
	"oa_user_id" text,
	"external_event_id" text,
	"outcome" text NOT NULL,
	"refusal_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fonds_id" uuid NOT NULL,
	"kind" "approval_kind" NOT NULL,
	"subject_id" uuid NOT NULL,
	"title" text NOT NULL,
	"state" "approval_state" DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "approval_requests_subject_key" UNIQUE("kind","subject_id")
);
--> statement-breakpoint
CREATE TABLE "approval_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"role" "role" NOT NULL,
	"state" "approval_step_state" DEFAULT 'waiting' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "approval_steps_key" UNIQUE("request_id","seq")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"actor_admin_role" text,
	"fonds_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"data" jsonb NOT NULL,
	"ip" text,
	"user_agent" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archival_code_rules" ADD CONSTRAINT "archival_code_rules_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_sequences" ADD CONSTRAINT "code_sequences_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fonds" ADD CONSTRAINT "fonds_parent_id_fonds_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fonds" ADD CONSTRAINT "fonds_schedule_id_retention_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."retention_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fonds_retention_overrides" ADD CONSTRAINT "fonds_retention_overrides_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_schedule_items" ADD CONSTRAINT "retention_schedule_items_schedule_id_retention_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."retention_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_document_record_id_records_id_fk" FOREIGN KEY ("document_record_id") REFERENCES "public"."records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_voucher_record_id_records_id_fk" FOREIGN KEY ("voucher_record_id") REFERENCES "public"."records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_files" ADD CONSTRAINT "record_files_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_files" ADD CONSTRAINT "record_files_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_links" ADD CONSTRAINT "record_links_from_record_id_records_id_fk" FOREIGN KEY ("from_record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_links" ADD CONSTRAINT "record_links_to_record_id_records_id_fk" FOREIGN KEY ("to_record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_volume_id_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."volumes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_documents" ADD CONSTRAINT "source_documents_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_documents" ADD CONSTRAINT "source_documents_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volumes" ADD CONSTRAINT "volumes_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_lines" ADD CONSTRAINT "voucher_lines_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_refs" ADD CONSTRAINT "voucher_refs_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_refs" ADD CONSTRAINT "voucher_refs_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_run_id_check_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."check_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "filing_records" ADD CONSTRAINT "filing_records_filing_id_filings_id_fk" FOREIGN KEY ("filing_id") REFERENCES "public"."filings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "filing_records" ADD CONSTRAINT "filing_records_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "filings" ADD CONSTRAINT "filings_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "filings" ADD CONSTRAINT "filings_check_run_id_check_runs_id_fk" FOREIGN KEY ("check_run_id") REFERENCES "public"."check_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "filings" ADD CONSTRAINT "filings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp_connectors" ADD CONSTRAINT "erp_connectors_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp_connectors" ADD CONSTRAINT "erp_connectors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_connector_id_erp_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."erp_connectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_callbacks" ADD CONSTRAINT "oa_callbacks_connector_id_oa_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."oa_connectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_connectors" ADD CONSTRAINT "oa_connectors_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_outbox" ADD CONSTRAINT "oa_outbox_connector_id_oa_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."oa_connectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_user_mappings" ADD CONSTRAINT "oa_user_mappings_connector_id_oa_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."oa_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oa_user_mappings" ADD CONSTRAINT "oa_user_mappings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_request_id_approval_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."approval_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_step_id_approval_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."approval_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_request_id_approval_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."approval_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","read_at","created_at");--> statement-breakpoint
CREATE INDEX "role_assignments_fonds_role_idx" ON "role_assignments" USING btree ("fonds_id","role");--> statement-breakpoint
CREATE INDEX "users_lower_username_idx" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "alerts_open_idx" ON "alerts" USING btree ("fonds_id","kind") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "record_files_file_idx" ON "record_files" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "record_links_to_idx" ON "record_links" USING btree ("to_record_id");--> statement-breakpoint
CREATE INDEX "records_browse_idx" ON "records" USING btree ("fonds_id","fiscal_year","category","state");--> statement-breakpoint
CREATE INDEX "records_fonds_date_idx" ON "records" USING btree ("fonds_id","doc_date");--> statement-breakpoint
CREATE INDEX "records_amount_idx" ON "records" USING btree ("fonds_id","amount");--> statement-breakpoint
CREATE INDEX "records_volume_idx" ON "records" USING btree ("volume_id","item_no");--> statement-breakpoint
CREATE INDEX "records_expiry_idx" ON "records" USING btree ("fonds_id","retention_expires_on");--> statement-breakpoint
CREATE INDEX "source_documents_no_idx" ON "source_documents" USING btree ("fonds_id","kind","document_no");--> statement-breakpoint
CREATE INDEX "volumes_fonds_year_idx" ON "volumes" USING btree ("fonds_id","fiscal_year","category","period");--> statement-breakpoint
CREATE INDEX "voucher_lines_account_idx" ON "voucher_lines" USING btree ("account_code");--> statement-breakpoint
CREATE INDEX "voucher_refs_no_idx" ON "voucher_refs" USING btree ("fonds_id","ref_no");--> statement-breakpoint
CREATE INDEX "vouchers_number_idx" ON "vouchers" USING btree ("fonds_id","fiscal_year","period","voucher_word","voucher_no_num");--> statement-breakpoint
CREATE INDEX "vouchers_date_idx" ON "vouchers" USING btree ("fonds_id","voucher_date");--> statement-breakpoint
CREATE INDEX "vouchers_total_idx" ON "vouchers" USING btree ("fonds_id","debit_total");--> statement-breakpoint
CREATE INDEX "check_results_run_idx" ON "check_results" USING btree ("run_id","record_id");--> statement-breakpoint
CREATE INDEX "check_results_record_idx" ON "check_results" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "check_runs_fonds_idx" ON "check_runs" USING btree ("fonds_id","started_at");--> statement-breakpoint
CREATE INDEX "filing_records_record_idx" ON "filing_records" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "filings_fonds_idx" ON "filings" USING btree ("fonds_id","created_at");--> statement-breakpoint
CREATE INDEX "erp_connectors_fonds_idx" ON "erp_connectors" USING btree ("fonds_id");--> statement-breakpoint
CREATE INDEX "import_errors_import_idx" ON "import_errors" USING btree ("import_id","id");--> statement-breakpoint
CREATE INDEX "imports_connector_idx" ON "imports" USING btree ("connector_id","created_at");--> statement-breakpoint
CREATE INDEX "oa_callbacks_connector_idx" ON "oa_callbacks" USING btree ("connector_id","received_at");--> statement-breakpoint
CREATE INDEX "oa_callbacks_event_idx" ON "oa_callbacks" USING btree ("connector_id","event_id");--> statement-breakpoint
CREATE INDEX "oa_connectors_fonds_idx" ON "oa_connectors" USING btree ("fonds_id");--> statement-breakpoint
CREATE INDEX "oa_outbox_due_idx" ON "oa_outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "approval_decisions_request_idx" ON "approval_decisions" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_requests_pending_idx" ON "approval_requests" USING btree ("fonds_id","state","created_at");--> statement-breakpoint
CREATE INDEX "approval_requests_external_idx" ON "approval_requests" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type","target_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_events_fonds_idx" ON "audit_events" USING btree ("fonds_id","id");