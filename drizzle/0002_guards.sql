-- The audit trail is append-only: the database refuses to rewrite it, whoever asks (ADR 0003).
CREATE FUNCTION acta_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'acta: audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION acta_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION acta_refuse_audit_change();
--> statement-breakpoint
-- 三员 (DA/T 94 E.7.3b): no one holds two of system, security and audit administrator.
CREATE FUNCTION acta_separate_admin_roles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.role IN ('sysadmin', 'secadmin', 'auditadmin') AND EXISTS (
    SELECT 1 FROM role_assignments
    WHERE user_id = NEW.user_id AND role IN ('sysadmin', 'secadmin', 'auditadmin') AND role <> NEW.role AND id <> NEW.id
  ) THEN
    RAISE EXCEPTION 'acta: a user may hold only one of the three administrator roles' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER role_assignments_separate_admins BEFORE INSERT OR UPDATE ON role_assignments FOR EACH ROW EXECUTE FUNCTION acta_separate_admin_roles();
--> statement-breakpoint
-- Filed records never change (79号令 Art. 8(4), DA/T 94 14.3): content, identity and files are frozen
-- once a record is archived. What the standard lets change stays open: storage location, notes, the
-- life-cycle state (loan, transfer, destruction), a retention lengthened by appraisal, check status.
CREATE FUNCTION acta_guard_filed_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.state NOT IN ('collected', 'filing') THEN
      RAISE EXCEPTION 'acta: record % is filed and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.state NOT IN ('collected', 'filing') AND (
       NEW.fonds_id IS DISTINCT FROM OLD.fonds_id OR NEW.category IS DISTINCT FROM OLD.category
    OR NEW.material_type IS DISTINCT FROM OLD.material_type OR NEW.fiscal_year IS DISTINCT FROM OLD.fiscal_year
    OR NEW.period_kind IS DISTINCT FROM OLD.period_kind OR NEW.period IS DISTINCT FROM OLD.period
    OR NEW.title IS DISTINCT FROM OLD.title OR NEW.doc_date IS DISTINCT FROM OLD.doc_date
    OR NEW.amount IS DISTINCT FROM OLD.amount OR NEW.archival_code IS DISTINCT FROM OLD.archival_code
    OR NEW.volume_id IS DISTINCT FROM OLD.volume_id OR NEW.item_no IS DISTINCT FROM OLD.item_no
    OR NEW.metadata IS DISTINCT FROM OLD.metadata OR NEW.source_system IS DISTINCT FROM OLD.source_system
    OR NEW.source_key IS DISTINCT FROM OLD.source_key OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
    OR NEW.filed_at IS DISTINCT FROM OLD.filed_at OR NEW.filed_by IS DISTINCT FROM OLD.filed_by
    OR NEW.disposal_date IS DISTINCT FROM OLD.disposal_date
    OR NEW.state IN ('collected', 'filing')
  ) THEN
    RAISE EXCEPTION 'acta: record % is filed and its content cannot change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER records_guard_filed BEFORE UPDATE OR DELETE ON records FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_record();
--> statement-breakpoint
-- The same protection for what hangs off a record: voucher header and lines, source document data, files.
CREATE FUNCTION acta_guard_filed_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN rid := OLD.record_id; ELSE rid := NEW.record_id; END IF;
  IF EXISTS (SELECT 1 FROM records WHERE id = rid AND state NOT IN ('collected', 'filing')) THEN
    RAISE EXCEPTION 'acta: record % is filed; % on % refused', rid, TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.record_id IS DISTINCT FROM NEW.record_id AND EXISTS (
    SELECT 1 FROM records WHERE id = OLD.record_id AND state NOT IN ('collected', 'filing')
  ) THEN
    RAISE EXCEPTION 'acta: record % is filed; % on % refused', OLD.record_id, TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER vouchers_guard_filed BEFORE INSERT OR UPDATE OR DELETE ON vouchers FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
CREATE TRIGGER voucher_lines_guard_filed BEFORE INSERT OR UPDATE OR DELETE ON voucher_lines FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
CREATE TRIGGER source_documents_guard_filed BEFORE INSERT OR UPDATE OR DELETE ON source_documents FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
CREATE TRIGGER record_files_guard_filed BEFORE INSERT OR UPDATE OR DELETE ON record_files FOR EACH ROW EXECUTE FUNCTION acta_guard_filed_child();
--> statement-breakpoint
-- Stored bytes are content-addressed: a file row never changes its digest or key once written.
CREATE FUNCTION acta_guard_stored_file() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sha256 IS DISTINCT FROM OLD.sha256 OR NEW.sm3 IS DISTINCT FROM OLD.sm3 OR NEW.size IS DISTINCT FROM OLD.size
     OR NEW.storage_key IS DISTINCT FROM OLD.storage_key THEN
    RAISE EXCEPTION 'acta: stored file % is content-addressed and cannot change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER stored_files_guard BEFORE UPDATE ON stored_files FOR EACH ROW EXECUTE FUNCTION acta_guard_stored_file();
