-- Inserts under a filed record are refused once per statement instead of once per row. The row trigger
-- cost an executor round trip per voucher line (about 60% of an import's insert time) and, being a
-- BEFORE row trigger, kept COPY from writing in batches. Updates and deletes keep the row trigger: they
-- are rare and need OLD.
CREATE FUNCTION acta_guard_filed_children_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid uuid;
BEGIN
  -- = ANY over the distinct ids keeps the plan on the primary key whatever the statement's size.
  SELECT r.id INTO rid FROM records r
  WHERE r.id = ANY (ARRAY(SELECT DISTINCT record_id FROM acta_inserted)) AND r.state NOT IN ('collected', 'filing')
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'acta: record % is filed; INSERT on % refused', rid, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER vouchers_guard_filed ON vouchers;
--> statement-breakpoint
CREATE TRIGGER vouchers_guard_filed BEFORE UPDATE OR DELETE ON vouchers FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
CREATE TRIGGER vouchers_guard_filed_insert AFTER INSERT ON vouchers REFERENCING NEW TABLE AS acta_inserted FOR EACH STATEMENT EXECUTE FUNCTION acta_guard_filed_children_inserted();
--> statement-breakpoint
DROP TRIGGER voucher_lines_guard_filed ON voucher_lines;
--> statement-breakpoint
CREATE TRIGGER voucher_lines_guard_filed BEFORE UPDATE OR DELETE ON voucher_lines FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
CREATE TRIGGER voucher_lines_guard_filed_insert AFTER INSERT ON voucher_lines REFERENCING NEW TABLE AS acta_inserted FOR EACH STATEMENT EXECUTE FUNCTION acta_guard_filed_children_inserted();
--> statement-breakpoint
DROP TRIGGER source_documents_guard_filed ON source_documents;
--> statement-breakpoint
CREATE TRIGGER source_documents_guard_filed BEFORE UPDATE OR DELETE ON source_documents FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
CREATE TRIGGER source_documents_guard_filed_insert AFTER INSERT ON source_documents REFERENCING NEW TABLE AS acta_inserted FOR EACH STATEMENT EXECUTE FUNCTION acta_guard_filed_children_inserted();
--> statement-breakpoint
DROP TRIGGER record_files_guard_filed ON record_files;
--> statement-breakpoint
CREATE TRIGGER record_files_guard_filed BEFORE UPDATE OR DELETE ON record_files FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
CREATE TRIGGER record_files_guard_filed_insert AFTER INSERT ON record_files REFERENCING NEW TABLE AS acta_inserted FOR EACH STATEMENT EXECUTE FUNCTION acta_guard_filed_children_inserted();
