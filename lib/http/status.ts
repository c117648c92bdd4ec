// The one table from error code to HTTP status, shared by the routes and by the logs that record what a
// route answered. Codes not listed are a 400 (the caller's input).
const STATUS: [RegExp, number][] = [
  [/^auth\.unauthenticated$/, 401],
  [/^oa\.(unsigned|bad_signature|expired|replayed|decrypt_failed|wrong_receiver)$/, 401],
  [/^oa\.user_not_mapped$/, 403],
  // Acta's own side of a connector is broken: the sender is told to come again, not that it erred.
  [/^oa\.(secrets_unreadable|connector_misconfigured)$/, 503],
  // A stored file whose bytes no longer match their digest, or are gone: Acta's own damage, until a good copy is restored.
  [/^records-ui\.stored_file_(damaged|not_found)$/, 503],
  [/^auth\.(forbidden|bad_api_key)$/, 403],
  [/^import\.api_key_invalid$/, 403],
  [/\.not_found$|_not_found$/, 404],
  // The OA reports a revocation of an approval that has not reached Acta yet: it is to send it again later.
  [/^approval\.not_approved$/, 409],
  [/_taken$|\.conflict|_conflict$|already_/, 409],
  [/^validation\./, 422],
  // 413 is about the request's own content; too many matches for an export is about its filters.
  [/^search\.export_too_large$/, 400],
  [/too_large$/, 413],
];

export const statusFor = (code: string) => STATUS.find(([re]) => re.test(code))?.[1] ?? 400;
