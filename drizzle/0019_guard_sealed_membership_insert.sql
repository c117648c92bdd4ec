-- 0017 kept a record from joining a sealed volume by UPDATE but left INSERT open, so a record could be
-- born inside a sealed 案卷 and change what its cover vouches for. A statement trigger over the inserted
-- rows closes that without a row trigger's cost, and COPY keeps writing imports in batches (as in 0010).
CREATE FUNCTION acta_guard_sealed_membership_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  vid uuid;
  rid uuid;
BEGIN
  SELECT i.volume_id, i.id INTO vid, rid FROM acta_inserted i JOIN volumes v ON v.id = i.volume_id
  WHERE i.volume_id IS NOT NULL AND v.state = 'sealed'
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'acta: volume % is sealed; record % cannot join it', vid, rid USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER records_guard_sealed_membership_insert AFTER INSERT ON records
  REFERENCING NEW TABLE AS acta_inserted FOR EACH STATEMENT EXECUTE FUNCTION acta_guard_sealed_membership_inserted();
