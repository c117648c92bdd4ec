-- A filed record's term may be lengthened by appraisal (DA/T 94 12.2) but never shortened: a shorter term
-- would bring it to destruction early. 0002 left retention open for lengthening without saying how far.
CREATE FUNCTION acta_retention_years(r retention) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE r WHEN 'Y30' THEN 30 WHEN 'Y10' THEN 10 WHEN 'Y5' THEN 5 WHEN 'Y2' THEN 2 END
$$;
--> statement-breakpoint
-- keepsAtLeast of lib/archive/retention/resolve-retention.ts: a term of 5 years after disposal compares
-- with nothing but itself and permanent.
CREATE FUNCTION acta_keeps_at_least(candidate retention, minimum retention) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(candidate = minimum OR candidate = 'permanent' OR acta_retention_years(candidate) >= acta_retention_years(minimum), false)
$$;
--> statement-breakpoint
CREATE FUNCTION acta_guard_filed_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT acta_keeps_at_least(NEW.retention, OLD.retention) THEN
    RAISE EXCEPTION 'acta: record % is filed; its retention % cannot be shortened to %', OLD.id, OLD.retention, NEW.retention
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.retention_expires_on < OLD.retention_expires_on
     OR (OLD.retention = 'permanent' AND NEW.retention_expires_on IS NOT NULL) THEN
    RAISE EXCEPTION 'acta: record % is filed; its retention cannot end earlier', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER records_guard_filed_retention BEFORE UPDATE OF retention, retention_expires_on ON records
  FOR EACH ROW WHEN (OLD.state NOT IN ('collected', 'filing')) EXECUTE FUNCTION acta_guard_filed_retention();
--> statement-breakpoint
-- A sealed volume (案卷) is as final as the records bound in it: its number, cover and membership stay as
-- filed. Its term follows the records' rule, and the cover's copy of the term moves with it.
CREATE FUNCTION acta_guard_sealed_volume() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'acta: volume % is sealed and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.fonds_id IS DISTINCT FROM OLD.fonds_id OR NEW.category IS DISTINCT FROM OLD.category
    OR NEW.fiscal_year IS DISTINCT FROM OLD.fiscal_year OR NEW.period_kind IS DISTINCT FROM OLD.period_kind
    OR NEW.period IS DISTINCT FROM OLD.period OR NEW.voucher_word IS DISTINCT FROM OLD.voucher_word
    OR NEW.material_type IS DISTINCT FROM OLD.material_type OR NEW.seq IS DISTINCT FROM OLD.seq
    OR NEW.volume_no IS DISTINCT FROM OLD.volume_no OR NEW.title IS DISTINCT FROM OLD.title
    OR NEW.state IS DISTINCT FROM OLD.state OR NEW.sealed_at IS DISTINCT FROM OLD.sealed_at
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
    OR (NEW.cover - 'retention') IS DISTINCT FROM (OLD.cover - 'retention')
    OR NEW.cover -> 'retention' IS DISTINCT FROM to_jsonb(NEW.retention) THEN
    RAISE EXCEPTION 'acta: volume % is sealed and cannot change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NOT acta_keeps_at_least(NEW.retention, OLD.retention) THEN
    RAISE EXCEPTION 'acta: volume % is sealed; its retention % cannot be shortened to %', OLD.id, OLD.retention, NEW.retention
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER volumes_guard_sealed BEFORE UPDATE OR DELETE ON volumes
  FOR EACH ROW WHEN (OLD.state = 'sealed') EXECUTE FUNCTION acta_guard_sealed_volume();
--> statement-breakpoint
-- Nothing joins or leaves a sealed volume: filed records are held by 0002, and this keeps a collected
-- record from being bound into one. Inserts are not covered: a BEFORE INSERT row trigger would stop COPY
-- from writing imports in batches (0010), and imports never bind records into volumes.
CREATE FUNCTION acta_guard_sealed_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM volumes WHERE id = NEW.volume_id AND state = 'sealed') THEN
    RAISE EXCEPTION 'acta: volume % is sealed; record % cannot join it', NEW.volume_id, NEW.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER records_guard_sealed_membership BEFORE UPDATE OF volume_id ON records
  FOR EACH ROW WHEN (NEW.volume_id IS NOT NULL AND NEW.volume_id IS DISTINCT FROM OLD.volume_id)
  EXECUTE FUNCTION acta_guard_sealed_membership();
