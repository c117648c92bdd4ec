import type { AppError } from "@/lib/errors";

/**
 * The password fields a refusal empties: every field of a group one of whose fields was refused. A refused
 * password is typed again, and its confirmation with it: neither can be read back to tell which was
 * mistyped. One the refusal did not name (the username was taken, the current password was wrong) is kept,
 * so correcting another field does not mean typing it twice.
 */
export function refusedSecrets(fields: AppError["fields"], groups: readonly (readonly string[])[]): string[] {
  if (!fields) return [];
  return groups.filter((group) => group.some((name) => fields[name] !== undefined)).flat();
}
