-- The audit log is append-only: the database itself refuses UPDATE and DELETE (SECURITY.md 33–34).
-- TRUNCATE is refused too; tampering by a superuser who drops the trigger is caught by the hash chain
-- and the signed checkpoints kept outside the database.
CREATE OR REPLACE FUNCTION karpear_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION karpear_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION karpear_refuse_change();
