import { randomBytes as nodeRandomBytes } from "node:crypto";
import { z } from "zod";
import { type AppError, invalid, ok, type Result } from "@/lib/errors";
import {
  oaKinds,
  type CallbackOutcome,
  type CallbackRequest,
  type EndedApproval,
  type InstanceStatus,
  type OaAccessToken,
  type OaAdapter,
  type LookupStep,
  type OaKind,
  type OutboundApproval,
  type OutboundContext,
  type OutboundRequest,
  type RandomBytes,
} from "../types";
import { dingtalkAdapter } from "./dingtalk";
import { feishuAdapter } from "./feishu";
import { genericAdapter } from "./generic";
import { seeyonAdapter } from "./seeyon";
import { weaverAdapter } from "./weaver";
import { wecomAdapter } from "./wecom";

export const oaKindSchema = z.enum(oaKinds);

/** An adapter bound to one connector's validated settings: what routes and jobs call. */
export interface OaConnector {
  readonly kind: OaKind;
  verifyCallback(req: CallbackRequest, now: Date, randomBytes?: RandomBytes): Result<CallbackOutcome>;
  /** Null when the OA needs no access token; otherwise fetch it, cache it, and pass it in OutboundContext. */
  readonly tokenFlow: {
    buildTokenRequest(): OutboundRequest;
    parseTokenResponse(status: number, body: string): Result<OaAccessToken>;
  } | null;
  buildOutbound(request: OutboundApproval, ctx: OutboundContext): Result<OutboundRequest[]>;
  parseOutboundResponse(status: number, body: string, sent: OutboundApproval): Result<{ externalId: string }>;
  /**
   * The lookup of the instance an earlier create made, when `cause` gives this OA a reason to look: its
   * refusal of a repeated create, or an earlier try whose outcome is unknown. Null otherwise.
   */
  findCreated(request: OutboundApproval, cause: CreatedLookupCause, ctx: OutboundContext): Result<LookupStep> | null;
  /** Whether this connector, as configured now, is told when a request ends in Acta (a WeCom connector only with notifyAgentId). */
  readonly completes: boolean;
  /** Empty for OAs with no call that ends or tells anything (generic, WeCom without notifyAgentId). */
  buildCompletion(request: EndedApproval, ctx: OutboundContext): Result<OutboundRequest[]>;
  parseCompletionResponse(status: number, body: string, sent: EndedApproval): Result<null>;
  /** The read of an instance's status after the OA refused to end it; null for OAs that cannot say (to-do OAs, WeCom, generic). */
  instanceStatus(request: EndedApproval, ctx: OutboundContext): Result<InstanceStatusRead> | null;
}

/** One request for an instance's status, and how to read its reply. */
export interface InstanceStatusRead {
  request: OutboundRequest;
  read(status: number, body: string): Result<InstanceStatus>;
}

/** What suggests the OA already holds the approval's instance: a refusal of the create, or an unanswered try. */
export type CreatedLookupCause = { refusal: AppError } | { uncertainSince: Date };

/** Instances created this long before the uncertain try or after now still count: the OA's clock may differ. */
const LOOKUP_CLOCK_MARGIN_MS = 10 * 60 * 1000;

interface RegistryEntry {
  configSchema: z.ZodType;
  secretsSchema: z.ZodType;
  completes: boolean;
  /** Whether a connector with these stored settings is told when a request ends in Acta. */
  completesWith(rawConfig: unknown): boolean;
  endsOwnInstance: boolean;
  endedByCompletion: boolean;
  connect(rawConfig: unknown, rawSecrets: unknown): Result<OaConnector>;
}

function prefixed(error: z.ZodError | undefined, prefix: string): z.core.$ZodIssue[] {
  return (error?.issues ?? []).map((issue) => ({ ...issue, path: [prefix, ...issue.path] }));
}

function entry<Config, Secrets>(adapter: OaAdapter<Config, Secrets>): RegistryEntry {
  /** One rule for queueing (stored settings) and delivering (parsed ones): an OA with a completion, unless its settings opt out. */
  const completesFor = (config: Config) => adapter.buildCompletion !== undefined && (adapter.completesWith?.(config) ?? true);
  return {
    configSchema: adapter.configSchema,
    secretsSchema: adapter.secretsSchema,
    completes: adapter.buildCompletion !== undefined,
    completesWith(rawConfig) {
      // Settings that no longer parse make a connector that cannot deliver anyway: nothing to queue for it.
      const parsed = adapter.configSchema.safeParse(rawConfig);
      return parsed.success && completesFor(parsed.data);
    },
    endsOwnInstance: adapter.endsOwnInstance === true,
    endedByCompletion: adapter.endsOwnInstance === true && adapter.completionLeavesInstance !== true,
    connect(rawConfig, rawSecrets) {
      const parsedConfig = adapter.configSchema.safeParse(rawConfig);
      const parsedSecrets = adapter.secretsSchema.safeParse(rawSecrets);
      if (!parsedConfig.success || !parsedSecrets.success) {
        return invalid(
          new z.ZodError([...prefixed(parsedConfig.error, "config"), ...prefixed(parsedSecrets.error, "secrets")]),
        );
      }
      const config = parsedConfig.data;
      const secrets = parsedSecrets.data;
      const { tokenFlow, buildCompletion, parseCompletionResponse, findCreated, instanceStatus } = adapter;
      return ok({
        kind: adapter.kind,
        completes: completesFor(config),
        verifyCallback: (req, now, randomBytes = nodeRandomBytes) =>
          adapter.verifyCallback(req, config, secrets, now, randomBytes),
        tokenFlow: tokenFlow
          ? {
              buildTokenRequest: () => tokenFlow.buildTokenRequest(config, secrets),
              parseTokenResponse: (status, body) => tokenFlow.parseTokenResponse(status, body),
            }
          : null,
        buildOutbound: (request, ctx) => adapter.buildOutbound(request, config, secrets, ctx),
        parseOutboundResponse: (status, body, sent) => adapter.parseOutboundResponse(status, body, sent),
        findCreated(request, cause, ctx) {
          if (!findCreated) return null;
          const applies = "refusal" in cause ? findCreated.isRepeat?.(cause.refusal) === true : findCreated.isRepeat === undefined;
          if (!applies) return null;
          const from = new Date(("uncertainSince" in cause ? cause.uncertainSince : ctx.now).getTime() - LOOKUP_CLOCK_MARGIN_MS);
          return findCreated.start(request, config, secrets, ctx, { from, to: new Date(ctx.now.getTime() + LOOKUP_CLOCK_MARGIN_MS) });
        },
        buildCompletion: (request, ctx) =>
          buildCompletion ? buildCompletion(request, config, secrets, ctx) : ok([]),
        // To-do OAs answer a completion as they answer a create.
        parseCompletionResponse(status, body, sent) {
          if (parseCompletionResponse) return parseCompletionResponse(status, body);
          const parsed = adapter.parseOutboundResponse(status, body, sent);
          return parsed.ok ? ok(null) : parsed;
        },
        instanceStatus(request, ctx) {
          if (!instanceStatus) return null;
          const built = instanceStatus.build(request, config, secrets, ctx);
          return built.ok ? ok({ request: built.value, read: instanceStatus.read }) : built;
        },
      });
    },
  };
}

/** The one place that maps an OA kind to its adapter. */
const registry: Record<OaKind, RegistryEntry> = {
  generic: entry(genericAdapter),
  dingtalk: entry(dingtalkAdapter),
  feishu: entry(feishuAdapter),
  wecom: entry(wecomAdapter),
  weaver: entry(weaverAdapter),
  seeyon: entry(seeyonAdapter),
};

/** The OA kinds that may be told when a request ends in Acta: to-dos closed (Weaver, Seeyon), instances ended (DingTalk, Feishu), approvers messaged (WeCom, ADR 0024). */
export const oaKindsWithCompletion: readonly OaKind[] = oaKinds.filter((kind) => registry[kind].completes);

/** Whether a connector of this kind, with these stored settings, is told when a request ends in Acta (a WeCom connector only with notifyAgentId). */
export function connectorCompletes(kind: OaKind, rawConfig: unknown): boolean {
  return registry[kind].completesWith(rawConfig);
}

/** The OA kinds whose own decision or withdrawal event already ended their instance (DingTalk, Feishu, WeCom). */
export const oaKindsEndingOwnInstance: readonly OaKind[] = oaKinds.filter((kind) => registry[kind].endsOwnInstance);

/** The OA kinds whose completion ends their instance, which they then report like a withdrawal (DingTalk, Feishu; not WeCom, ADR 0024). */
export const oaKindsEndedByCompletion: readonly OaKind[] = oaKinds.filter((kind) => registry[kind].endedByCompletion);

/** The settings and secrets schemas, so the admin UI can render and validate a connector form. */
export function getOaSchemas(kind: OaKind): { configSchema: z.ZodType; secretsSchema: z.ZodType } {
  const { configSchema, secretsSchema } = registry[kind];
  return { configSchema, secretsSchema };
}

/** Validates a stored connector's settings and secrets and binds them to its adapter. */
export function loadOaConnector(kind: OaKind, rawConfig: unknown, rawSecrets: unknown): Result<OaConnector> {
  return registry[kind].connect(rawConfig, rawSecrets);
}
