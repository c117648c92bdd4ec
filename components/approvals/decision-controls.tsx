"use client";

import { useTranslations } from "next-intl";
import { CheckIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/**
 * The comment and the approve/reject buttons of a decision form, shared by the inbox and the OA's frame
 * so both ask for the same thing in the same words; `compact` fits a narrow OA pane.
 */
export function DecisionControls({ commentId, pending, compact = false }: { commentId: string; pending: boolean; compact?: boolean }) {
  const t = useTranslations("approvals-ui.decide");
  return (
    <>
      <div className="grid gap-2">
        <Label htmlFor={commentId}>{t("comment")}</Label>
        <Textarea id={commentId} name="comment" rows={compact ? 2 : 3} maxLength={2000} placeholder={t("commentPlaceholder")} disabled={pending} />
      </div>
      <div className={compact ? "grid grid-cols-2 gap-2" : "flex flex-wrap gap-2"}>
        <Button type="submit" name="decision" value="approve" disabled={pending}>
          <CheckIcon aria-hidden />
          {t("approve")}
        </Button>
        <Button type="submit" name="decision" value="reject" variant="outline" className="text-destructive" disabled={pending}>
          <XIcon aria-hidden />
          {t("reject")}
        </Button>
      </div>
    </>
  );
}
