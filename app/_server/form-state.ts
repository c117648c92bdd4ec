import type { AppError, ErrorCode } from "@/lib/errors";

/**
 * What a server action returns to its form: the error to word (code, params, field codes) or a
 * success payload. Never the submitted secrets: forms refill from what the browser still holds.
 */
export interface FormState<T = null> {
  error: AppError | null;
  done: T | null;
}

export const initialFormState = { error: null, done: null } as const;

/** The code of one field's problem, for `aria-invalid` and the message under the field. */
export function fieldError(state: Pick<FormState<unknown>, "error">, field: string): ErrorCode | undefined {
  return state.error?.fields?.[field];
}
