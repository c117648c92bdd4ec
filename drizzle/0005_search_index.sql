CREATE TABLE "record_search" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"fonds_id" uuid NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"period" smallint,
	"category" "record_category" NOT NULL,
	"doc_date" date,
	"amount" numeric(18, 2),
	"catalog_text" text NOT NULL,
	"detail_text" text NOT NULL,
	"doc" "tsvector" NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "record_search" ADD CONSTRAINT "record_search_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_search" ADD CONSTRAINT "record_search_fonds_id_fonds_id_fk" FOREIGN KEY ("fonds_id") REFERENCES "public"."fonds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "record_search_doc_idx" ON "record_search" USING gin ("doc");--> statement-breakpoint
CREATE INDEX "record_search_date_idx" ON "record_search" USING btree ("fonds_id","doc_date","record_id");--> statement-breakpoint
CREATE INDEX "record_search_year_date_idx" ON "record_search" USING btree ("fonds_id","fiscal_year","doc_date","record_id");--> statement-breakpoint
CREATE INDEX "voucher_lines_account_prefix_idx" ON "voucher_lines" USING btree ("account_code" text_pattern_ops,"record_id");