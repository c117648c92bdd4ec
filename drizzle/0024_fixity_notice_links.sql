-- Fixity notices sent before alerts had a page linked to the record, which a system administrator's admin role
-- cannot open. Each now leads to the alert it announced (same record, kind and expected digest), else to the list.
UPDATE "notifications" n SET "link" = '/alerts?id=' || a."id"
FROM "alerts" a
WHERE n."kind" IN ('fixity.notification.fixity_mismatch', 'fixity.notification.file_missing')
  AND n."link" = '/records/' || a."record_id"::text
  AND a."kind"::text = substring(n."kind" from length('fixity.notification.') + 1)
  AND a."params"->>'expected' = n."params"->>'expected';
--> statement-breakpoint
UPDATE "notifications" SET "link" = '/alerts'
WHERE "kind" IN ('fixity.notification.fixity_mismatch', 'fixity.notification.file_missing')
  AND "link" LIKE '/records/%';
