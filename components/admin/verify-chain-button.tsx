"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { AlertCircleIcon, ShieldAlertIcon, ShieldCheckIcon } from "lucide-react";
import { verifyChainAction } from "@/app/(app)/admin/audit/actions";
import { type FormState, initialFormState } from "@/app/_server/form-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { AnchorVerdict, ChainVerdict } from "@/lib/audit/verify-chain";

const ANCHOR_TIME = { dateStyle: "medium", timeStyle: "medium" } as const;

export function VerifyChainButton() {
  const t = useTranslations();
  const format = useFormatter();
  const [state, act, pending] = useActionState<FormState<ChainVerdict>, FormData>(verifyChainAction, initialFormState);
  const v = state.done;
  const when = (iso: string) => format.dateTime(new Date(iso), ANCHOR_TIME);
  return (
    <div className="grid gap-3">
      <form action={act}>
        <Button type="submit" variant="outline" disabled={pending}>
          <ShieldCheckIcon aria-hidden />
          {pending ? t("admin.audit.verify.running") : t("admin.audit.verify.button")}
        </Button>
      </form>
      <div aria-live="polite" data-testid="chain-verdict">
        {state.error && (
          <Alert variant="destructive">
            <AlertCircleIcon />
            <AlertDescription>{t(state.error.code, state.error.params)}</AlertDescription>
          </Alert>
        )}
        {v?.ok && (
          <Alert>
            <ShieldCheckIcon className="text-success" />
            <AlertTitle>{t("admin.audit.verify.okTitle")}</AlertTitle>
            <AlertDescription>
              <p>{t("admin.audit.verify.ok", { count: format.number(v.count) })}</p>
              <AnchorsHeld anchors={v.anchors} />
              <p className="font-mono text-xs break-all">{t("admin.audit.verify.lastHash", { hash: v.lastHash })}</p>
            </AlertDescription>
          </Alert>
        )}
        {v?.brokenAt && (
          <Alert variant="destructive">
            <ShieldAlertIcon />
            <AlertTitle>{t("admin.audit.verify.brokenTitle")}</AlertTitle>
            <AlertDescription>
              <p>{t("admin.audit.verify.broken", { id: v.brokenAt.id, count: format.number(v.count), reason: t(`admin.audit.verify.reasons.${v.brokenAt.reason}`) })}</p>
              {v.brokenAt.previousId !== null && <p>{t("admin.audit.verify.brokenAfter", { id: v.brokenAt.id, previousId: v.brokenAt.previousId })}</p>}
              {v.breakCount > 1 && (
                <p>
                  {t("admin.audit.verify.moreBreaks", {
                    more: format.number(v.breakCount - 1),
                    ids: [...v.breaks.slice(1).map((b) => `#${b.id}`), ...(v.breakCount > v.breaks.length ? ["…"] : [])].join(", "),
                  })}
                </p>
              )}
            </AlertDescription>
          </Alert>
        )}
        {v && v.anchors.problemCount > 0 && (
          <Alert variant="destructive">
            <ShieldAlertIcon />
            <AlertTitle>{t("admin.audit.verify.anchorsTitle")}</AlertTitle>
            <AlertDescription>
              {v.anchors.problems.map((p, i) => (
                <p key={i}>{t(`admin.audit.verify.anchorProblems.${p.kind}`, "anchoredAt" in p ? { ...p, at: when(p.anchoredAt) } : p)}</p>
              ))}
              {v.anchors.problemCount > v.anchors.problems.length && (
                <p>{t("admin.audit.verify.moreAnchorProblems", { more: format.number(v.anchors.problemCount - v.anchors.problems.length) })}</p>
              )}
            </AlertDescription>
          </Alert>
        )}
      </div>
    </div>
  );
}

/** How far the anchors vouch for the chain: the newest one's time and entry, or that there is none yet. */
function AnchorsHeld({ anchors }: { anchors: AnchorVerdict }) {
  const t = useTranslations("admin.audit.verify");
  const format = useFormatter();
  if (!anchors.last) return <p>{t("anchorsNone")}</p>;
  const at = format.dateTime(new Date(anchors.last.anchoredAt), ANCHOR_TIME);
  return <p>{t("anchorsOk", { checked: anchors.checked, at, entryId: anchors.last.entryId })}</p>;
}
