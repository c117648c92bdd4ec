import type { VariantProps } from "class-variance-authority";
import type { badgeVariants } from "@/components/ui/badge";

type Variant = NonNullable<VariantProps<typeof badgeVariants>["variant"]>;

/** Badge colours of a record's state and of its four-property result, alike wherever records are listed. */
export const RECORD_STATE_VARIANT: Record<string, Variant> = { collected: "secondary", filing: "warning", archived: "success" };
export const CHECK_STATUS_VARIANT: Record<string, Variant> = { none: "outline", passed: "success", warning: "warning", failed: "destructive" };
