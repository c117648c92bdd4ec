import type { FormState } from "@/app/_server/form-state";
import type { Result } from "@/lib/errors";

/** A confirmation to show after an action succeeded: a message key and its params. */
export interface Done {
  key: string;
  params?: Record<string, string | number>;
}

export type DoneState = FormState<Done>;

/** The form state of a service result, naming on success what was done. */
export function toDoneState<T>(result: Result<T>, done: (value: T) => Done): DoneState {
  return result.ok ? { error: null, done: done(result.value) } : { error: result.error, done: null };
}
