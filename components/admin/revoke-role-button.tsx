"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { XIcon } from "lucide-react";
import { revokeRoleAction } from "@/app/(app)/admin/roles/actions";
import { type FormState, initialFormState } from "@/app/_server/form-state";
import type { UserGrant } from "@/lib/auth/list-users";
import { errorText } from "./error-text";

/** One grant as a chip with its own revoke button, so each revocation is a single, audited act. */
export function RevokeRoleButton({ userId, username, grant }: { userId: string; username: string; grant: UserGrant }) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState, FormData>(revokeRoleAction, initialFormState);
  const role = t(`common.roles.${grant.role}`);
  return (
    <form action={act} className="inline-flex items-center gap-1">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="role" value={grant.role} />
      <input type="hidden" name="fondsId" value={grant.fondsId ?? ""} />
      <span className="bg-secondary text-secondary-foreground inline-flex items-center gap-1 rounded-md py-0.5 pr-0.5 pl-2 text-xs font-medium">
        {role}
        {grant.fondsCode && <span className="font-mono opacity-70">· {grant.fondsCode}</span>}
        <button
          type="submit"
          disabled={pending}
          className="hover:bg-destructive/15 hover:text-destructive focus-visible:ring-ring rounded p-0.5 outline-none focus-visible:ring-2"
          aria-label={t("admin.roles.revokeLabel", { role, username, fonds: grant.fondsCode ?? t("admin.roles.installationWide") })}
        >
          <XIcon className="size-3" aria-hidden />
        </button>
      </span>
      {state.error && (
        <span role="alert" className="text-destructive text-xs">
          {errorText(t, state.error)}
        </span>
      )}
    </form>
  );
}
