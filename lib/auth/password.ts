import { hash, verify } from "@node-rs/argon2";
import { fail } from "@/lib/errors";

// OWASP's argon2id minimum (19 MiB, 2 passes); the library defaults to argon2id.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword("acta-timing-equaliser"));

export const PASSWORD_MIN_LENGTH = 8;

/**
 * Why a new password is refused, as an error code, or null. Length is the rule that matters (NIST SP
 * 800-63B); the username is refused because it is the first guess anyone makes.
 */
export function newPasswordProblem(password: string, username: string): "auth.password_too_short" | "auth.password_is_username" | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return "auth.password_too_short";
  if (password.trim().toLowerCase() === username.toLowerCase()) return "auth.password_is_username";
  return null;
}

/** A new password typed twice, refused with the field it belongs to (for the form), or null when it will do. */
export function refuseNewPassword(newPassword: string, confirmPassword: string, username: string): ReturnType<typeof fail> | null {
  const problem = newPasswordProblem(newPassword, username);
  if (problem) return fail("validation.invalid_input", undefined, { newPassword: problem });
  if (newPassword !== confirmPassword) return fail("validation.invalid_input", undefined, { confirmPassword: "auth.password_mismatch" });
  return null;
}
