"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { TrashIcon, UserPlusIcon } from "lucide-react";
import type { DoneState } from "@/app/(app)/admin/oa/actions";
import { initialFormState } from "@/app/_server/form-state";
import { errorText } from "@/components/admin/error-text";
import { useResetOnDone } from "@/components/admin/form-outcome";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { OaUserMappingView } from "@/lib/oa/connectors/list-oa-user-mappings";

type Action = (state: DoneState, form: FormData) => Promise<DoneState>;

/** Asks first: the OA account loses its searches and embedded pages at once. A refusal is said beside it. */
function RemoveMapping({ connectorId, oaUserId, action }: { connectorId: string; oaUserId: string; action: Action }) {
  const t = useTranslations("oa-ui.mappings");
  const tr = useTranslations();
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  return (
    <form
      action={act}
      className="flex items-center justify-end gap-2"
      onSubmit={(e) => {
        if (!window.confirm(t("removeConfirm", { oaUserId }))) e.preventDefault();
      }}
    >
      <input type="hidden" name="connectorId" value={connectorId} />
      <input type="hidden" name="oaUserId" value={oaUserId} />
      {state.error && (
        <span role="alert" className="text-destructive text-xs">
          {errorText(tr, state.error)}
        </span>
      )}
      <Button type="submit" variant="ghost" size="sm" disabled={pending} aria-label={t("remove", { oaUserId })}>
        <TrashIcon aria-hidden />
      </Button>
    </form>
  );
}

/** Which OA account acts as which Acta user: decisions, searches and embedded pages use that user's rights. */
export function MappingEditor({ connectorId, mappings, setAction, removeAction }: { connectorId: string; mappings: OaUserMappingView[]; setAction: Action; removeAction: Action }) {
  const t = useTranslations("oa-ui.mappings");
  const tr = useTranslations();
  const [state, act, pending] = useActionState<DoneState, FormData>(setAction, initialFormState);
  const form = useResetOnDone(state.done);
  return (
    <div className="grid gap-4">
      {mappings.length === 0 ? (
        <p className="text-muted-foreground text-sm">{t("empty")}</p>
      ) : (
        <Table aria-label={t("title")}>
          <TableHeader>
            <TableRow>
              <TableHead>{t("oaUser")}</TableHead>
              <TableHead>{t("actaUser")}</TableHead>
              <TableHead className="w-12" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {mappings.map((m) => (
              <TableRow key={m.oaUserId}>
                <TableCell className="font-mono text-xs">{m.oaUserId}</TableCell>
                <TableCell>
                  {m.displayName} <span className="text-muted-foreground">({m.username})</span>
                </TableCell>
                <TableCell>
                  <RemoveMapping connectorId={connectorId} oaUserId={m.oaUserId} action={removeAction} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <form ref={form} onSubmit={submitKeepingInput(act)} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
        <input type="hidden" name="connectorId" value={connectorId} />
        <div className="grid gap-1.5">
          <Label htmlFor="map-oa">{t("oaUser")}</Label>
          <Input id="map-oa" name="oaUserId" required disabled={pending} placeholder="zhangsan" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="map-acta">{t("actaUsername")}</Label>
          <Input id="map-acta" name="username" required disabled={pending} placeholder="finance" />
        </div>
        <Button type="submit" disabled={pending}>
          <UserPlusIcon aria-hidden />
          {t("add")}
        </Button>
      </form>
      {state.error && (
        <p className="text-destructive text-sm" role="alert">
          {errorText(tr, state.error)}
        </p>
      )}
    </div>
  );
}
