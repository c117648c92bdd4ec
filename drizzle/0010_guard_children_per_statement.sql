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
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['vouchers', 'voucher_lines', 'source_documents', 'record_files'] LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_guard_filed', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child()', t || '_guard_filed', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS acta_inserted FOR EACH STATEMENT EXECUTE FUNCTION acta_guard_filed_children_inserted()', t || '_guard_filed_insert', t);
  END LOOP;
END $$;
