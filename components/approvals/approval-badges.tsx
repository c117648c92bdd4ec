import Link from "next/link";
import { useTranslations } from "next-intl";
import { ArchiveIcon, ArrowRightLeftIcon, BookOpenIcon, CheckCircle2Icon, ClockIcon, FlameIcon, XCircleIcon, BanIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ApprovalKind } from "@/lib/approvals/registry";

const KIND_ICONS = { filing: ArchiveIcon, loan: BookOpenIcon, destruction: FlameIcon, transfer: ArrowRightLeftIcon } as const;

/** How many records a filing request leaves out, held back by its checks: in the inbox row and in the OA's pane. */
export function HeldBackNote({ count }: { count: number }) {
  const t = useTranslations("approvals-ui.inbox");
  if (count === 0) return null;
  return <div className="text-xs text-[oklch(0.45_0.12_70)]">{t("heldBack", { count })}</div>;
}

/** What kind of request it is (filing now; loans, destruction and transfers share the inbox later). */
export function KindBadge({ kind }: { kind: ApprovalKind }) {
  const t = useTranslations("approvals-ui.kind");
  const Icon = KIND_ICONS[kind];
  return (
    <Badge variant="secondary" data-kind={kind}>
      <Icon aria-hidden />
      {t(kind)}
    </Badge>
  );
}

const STATE_STYLE = {
  pending: { variant: "warning", Icon: ClockIcon },
  approved: { variant: "success", Icon: CheckCircle2Icon },
  rejected: { variant: "destructive", Icon: XCircleIcon },
  cancelled: { variant: "outline", Icon: BanIcon },
} as const;

export type ApprovalStateName = keyof typeof STATE_STYLE;

export function ApprovalStateBadge({ state }: { state: ApprovalStateName }) {
  const t = useTranslations("approvals-ui.state");
  const { variant, Icon } = STATE_STYLE[state];
  return (
    <Badge variant={variant} data-state={state}>
      <Icon aria-hidden />
      {t(state)}
    </Badge>
  );
}

/** A request as the approval lists name it: its title linking to it, and its fonds code beneath. */
export function RequestTitle({ id, title, fondsCode }: { id: string; title: string; fondsCode: string }) {
  return (
    <>
      <Link href={`/approvals/${id}`} className="text-primary font-medium hover:underline">
        {title}
      </Link>
      <div className="text-muted-foreground font-mono text-xs">{fondsCode}</div>
    </>
  );
}
