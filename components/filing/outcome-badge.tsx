import { useTranslations } from "next-intl";
import { CheckCircle2Icon, CircleDashedIcon, MinusCircleIcon, TriangleAlertIcon, XCircleIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { Outcome } from "@/lib/archive/checks/types";

const STYLE = {
  pass: { variant: "success", Icon: CheckCircle2Icon },
  fail: { variant: "destructive", Icon: XCircleIcon },
  warning: { variant: "warning", Icon: TriangleAlertIcon },
  not_applicable: { variant: "outline", Icon: MinusCircleIcon },
  not_performed: { variant: "secondary", Icon: CircleDashedIcon },
} as const;

/** A check outcome in words with an icon, so it never depends on colour alone. */
export function OutcomeBadge({ outcome, count }: { outcome: Outcome; count?: number }) {
  const t = useTranslations("archive.check.outcome");
  const { variant, Icon } = STYLE[outcome];
  return (
    <Badge variant={variant} data-outcome={outcome}>
      <Icon aria-hidden />
      {t(outcome)}
      {count !== undefined && <span className="tabular-nums">{count}</span>}
    </Badge>
  );
}
