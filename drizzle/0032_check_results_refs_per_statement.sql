ALTER TABLE "check_results" DROP CONSTRAINT "check_results_run_id_check_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "check_results" DROP CONSTRAINT "check_results_record_id_records_id_fk";
--> statement-breakpoint
-- What the two foreign keys did, once per statement rather than once per result (ADR 0028): every run and
-- record the new results name must exist, and is locked as a foreign key locks it (FOR KEY SHARE) so it
-- cannot be deleted under them, each row once however many results name it. By id arrays, so the lookups
-- are index scans whatever the planner guesses of a transition table's size.
CREATE FUNCTION acta_lock_referred(target regclass, ids uuid[], label text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  locked bigint;
  missing uuid;
BEGIN
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s r WHERE r.id = ANY ($1) FOR KEY SHARE) l', target) INTO locked USING ids;
  IF locked < cardinality(ids) THEN
    EXECUTE format('SELECT u.id FROM unnest($1) AS u(id) WHERE NOT EXISTS (SELECT 1 FROM %s r WHERE r.id = u.id) LIMIT 1', target) INTO missing USING ids;
    RAISE EXCEPTION 'check result names % %, which does not exist', label, missing USING ERRCODE = 'foreign_key_violation';
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION acta_check_results_refer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM acta_lock_referred('check_runs', ARRAY(SELECT DISTINCT run_id FROM new_results), 'check run');
  PERFORM acta_lock_referred('records', ARRAY(SELECT DISTINCT record_id FROM new_results WHERE record_id IS NOT NULL), 'record');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER check_results_refer AFTER INSERT ON check_results REFERENCING NEW TABLE AS new_results
  FOR EACH STATEMENT EXECUTE FUNCTION acta_check_results_refer();
--> statement-breakpoint
-- No statement moves a result to another run or record, so one that tries is refused outright; the row
-- trigger's condition costs nothing for the updates that record a manual check.
CREATE FUNCTION acta_check_results_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a check result stays with its check run and record' USING ERRCODE = 'foreign_key_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER check_results_stay BEFORE UPDATE ON check_results FOR EACH ROW
  WHEN (OLD.run_id IS DISTINCT FROM NEW.run_id OR OLD.record_id IS DISTINCT FROM NEW.record_id)
  EXECUTE FUNCTION acta_check_results_stay();
--> statement-breakpoint
-- ON DELETE CASCADE of both keys: the trigger's argument names the column that refers to the deleted rows.
CREATE FUNCTION acta_check_results_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM check_results WHERE %I IN (SELECT id FROM deleted)', TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER check_runs_cascade_results AFTER DELETE ON check_runs REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION acta_check_results_cascade('run_id');
--> statement-breakpoint
CREATE TRIGGER records_cascade_check_results AFTER DELETE ON records REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION acta_check_results_cascade('record_id');
