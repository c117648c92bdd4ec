ALTER TABLE "check_results" DROP CONSTRAINT "check_results_run_id_check_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "check_results" DROP CONSTRAINT "check_results_record_id_records_id_fk";
--> statement-breakpoint
-- What the two foreign keys did, once per statement rather than once per result (ADR 0028): every run and
-- record the new results name must exist, and is locked as a foreign key locks it (FOR KEY SHARE) so it
-- cannot be deleted under them, each row once however many results name it. By id arrays, so the lookups
-- are index scans whatever the planner guesses of a transition table's size.
CREATE FUNCTION acta_check_results_refer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run_ids uuid[] := ARRAY(SELECT DISTINCT run_id FROM new_results);
  record_ids uuid[] := ARRAY(SELECT DISTINCT record_id FROM new_results WHERE record_id IS NOT NULL);
  locked bigint;
  missing uuid;
BEGIN
  PERFORM 1 FROM check_runs r WHERE r.id = ANY (run_ids) FOR KEY SHARE;
  GET DIAGNOSTICS locked = ROW_COUNT;
  IF locked < cardinality(run_ids) THEN
    SELECT u.id INTO missing FROM unnest(run_ids) AS u(id) WHERE NOT EXISTS (SELECT 1 FROM check_runs r WHERE r.id = u.id) LIMIT 1;
    RAISE EXCEPTION 'check result names check run %, which does not exist', missing USING ERRCODE = 'foreign_key_violation';
  END IF;
  PERFORM 1 FROM records r WHERE r.id = ANY (record_ids) FOR KEY SHARE;
  GET DIAGNOSTICS locked = ROW_COUNT;
  IF locked < cardinality(record_ids) THEN
    SELECT u.id INTO missing FROM unnest(record_ids) AS u(id) WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = u.id) LIMIT 1;
    RAISE EXCEPTION 'check result names record %, which does not exist', missing USING ERRCODE = 'foreign_key_violation';
  END IF;
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
-- ON DELETE CASCADE of both keys.
CREATE FUNCTION acta_check_results_of_deleted_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM check_results WHERE run_id IN (SELECT id FROM deleted);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER check_runs_cascade_results AFTER DELETE ON check_runs REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION acta_check_results_of_deleted_runs();
--> statement-breakpoint
CREATE FUNCTION acta_check_results_of_deleted_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM check_results WHERE record_id IN (SELECT id FROM deleted);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER records_cascade_check_results AFTER DELETE ON records REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION acta_check_results_of_deleted_records();
