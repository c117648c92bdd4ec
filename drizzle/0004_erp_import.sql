ALTER TABLE "records" ADD COLUMN "import_id" uuid;--> statement-breakpoint
CREATE INDEX "source_documents_doc_no_idx" ON "source_documents" USING btree ("fonds_id","document_no");