"use client";

import { useFormatter, useTranslations } from "next-intl";
import { AlertCircleIcon } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import type { AppError } from "@/lib/errors";

/**
 * A refused decision or withdrawal in words. approval.already_decided and approval.withdrawn name who
 * decided or withdrew, how and when (e.g. in the OA), with the time shown in Asia/Shanghai rather than as
 * the stored UTC instant.
 */
export function DecisionError({ error, title }: { error: AppError; title?: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const p = error.params ?? {};
  const when = p.at ? format.dateTime(new Date(String(p.at)), { dateStyle: "medium", timeStyle: "short" }) : "";
  const by = String(p.by || t("approvals-ui.someone"));
  const source = t(`approvals-ui.source.${p.source === "oa" || p.source === "api" ? p.source : "ui"}`);
  const text =
    error.code === "approval.already_decided"
      ? t("approvals-ui.refused", {
          by,
          at: when,
          decision: t(`approvals-ui.decisionWord.${p.decision === "approve" || p.decision === "approved" ? "approve" : "reject"}`),
          source,
        })
      : error.code === "approval.withdrawn"
        ? t("approvals-ui.refusedWithdrawn", { by, at: when, source })
        : t(error.code, error.params);
  return (
    <Alert variant="destructive" role="alert">
      <AlertCircleIcon />
      <AlertDescription>
        <p>{title ? t("approvals-ui.refusedFor", { title, reason: text }) : text}</p>
      </AlertDescription>
    </Alert>
  );
}
