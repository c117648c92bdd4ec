import { approvalKindEnum, approvalStateEnum, checkOutcomeEnum, checkStatusEnum, decisionEnum, decisionSourceEnum, recordStateEnum, stepStateEnum, volumeStateEnum } from "@/db/schema";
import type { OpenApiArea } from "../document";

const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const json = (description: string, ref: string) => ({ description, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const id = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const badId = error("The id is not a UUID (validation.invalid_input)");
const reason = { type: "object", required: ["code"], properties: { code: { type: "string", description: "Message key, e.g. archive.check.unbalanced" }, params: { type: "object", additionalProperties: true } } };

export const filingArea: OpenApiArea = {
  tags: [
    { name: "filing", description: "归档: four-property checks (DA/T 70), volumes, archival codes and the filing request" },
    { name: "approvals", description: "Approval requests of every kind (filing, loan, destruction, transfer) and their decisions" },
  ],
  paths: {
    "/api/filings": {
      post: {
        tags: ["filing"],
        summary: "Run the checks on a period (or on volumes) and open a filing request for the records that pass",
        description:
          "Records with a failed check, and with warnings unless `overrideWarnings` is true, are held back with their reasons. " +
          "A period whose records were never bound into volumes is bound first (vouchers by month and voucher word, 50 per volume by default). " +
          "Needs the `filing.submit` permission (archivist) in the fonds.",
        security: [{ session: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  {
                    type: "object",
                    required: ["fondsId", "fiscalYear"],
                    additionalProperties: false,
                    properties: {
                      fondsId: { type: "string", format: "uuid" },
                      fiscalYear: { type: "integer", minimum: 1900, maximum: 9999, examples: [2024] },
                      period: { type: "integer", minimum: 1, maximum: 12, description: "Month; omit to file the whole fiscal year (ledgers, annual reports)" },
                      overrideWarnings: { type: "boolean", default: false },
                    },
                  },
                  {
                    type: "object",
                    required: ["volumeIds"],
                    additionalProperties: false,
                    properties: {
                      fondsId: { type: "string", format: "uuid", description: "Optional: the volumes' fonds, which all of them must belong to" },
                      volumeIds: { type: "array", items: { type: "string", format: "uuid" }, minItems: 1, maxItems: 1000 },
                      overrideWarnings: { type: "boolean", default: false },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: {
          "201": json("The filing request", "Filing"),
          "400": error(
            "Nothing can be filed (filing.nothing_to_file, with the check run id), nothing is collected in the scope (filing.nothing_collected), a volume is sealed already (filing.volume_sealed), " +
              "the volumes span several fonds (filing.volumes_mixed_fonds), or the fonds has no retention schedule (fonds.schedule_missing)",
          ),
          "401": error("Not signed in"),
          "403": error("No permission to file in this fonds"),
          "404": error("A volume does not exist, or not in the fonds named (filing.volume_not_found)"),
          "413": error("The body is over 1 MiB (request.body_too_large) and was not read"),
          "422": error("Invalid input, a field neither scope knows included; `fields` names each bad field"),
        },
      },
    },
    "/api/filings/{id}": {
      get: {
        tags: ["filing"],
        summary: "A filing request with its records, held-back records, volumes and check results",
        security: [{ session: [] }],
        parameters: [id],
        responses: { "200": json("The filing", "Filing"), "401": error("Not signed in"), "404": error("No such filing, or in a fonds the user may not see"), "422": badId },
      },
    },
    "/api/approvals/{id}": {
      get: {
        tags: ["approvals"],
        summary: "An approval request with its steps and every decision that arrived (refused and repeated ones included)",
        security: [{ session: [] }],
        parameters: [id],
        responses: { "200": json("The request", "Approval"), "401": error("Not signed in"), "404": error("No such request, or not visible to the user"), "422": badId },
      },
    },
    "/api/approvals/{id}/decisions": {
      post: {
        tags: ["approvals"],
        summary: "Approve or reject the current step",
        description:
          "Decisions are recorded exactly once. Repeating the decision the request already ended with answers `outcome: duplicate` and changes nothing; " +
          "a conflicting decision answers 409 `approval.already_decided` with who decided, when and how, and is kept in the history. " +
          "The caller must hold the step's role in the request's fonds (`approval.decide`, finance approver, for filings).",
        security: [{ session: [] }],
        parameters: [id],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { type: "object", required: ["decision"], properties: { decision: { enum: decisionEnum.enumValues }, comment: { type: "string", maxLength: 2000 } } } } },
        },
        responses: {
          "200": { description: "Recorded or duplicate", content: { "application/json": { schema: { type: "object", required: ["approvalId", "state", "outcome"], properties: { approvalId: { type: "string", format: "uuid" }, state: { enum: approvalStateEnum.enumValues }, outcome: { enum: ["recorded", "duplicate"] } } } } } },
          "400": error("The approval's consequence could not be carried out and nothing was recorded: e.g. a filing with no 档号 rule for a category (filing.no_code_rule)"),
          "401": error("Not signed in"),
          "403": error("The user does not hold the step's role in the fonds"),
          "404": error("No such request"),
          "409": error("approval.already_decided: the request was decided otherwise (params: by, at, source, decision); or an archival code was taken meanwhile (filing.code_taken), nothing recorded"),
          "413": error("The body is over 1 MiB (request.body_too_large) and was not read"),
          "422": error("Invalid input: the id, decision or comment; `fields` names each"),
        },
      },
    },
    "/api/check-runs/{id}/report.xlsx": {
      get: {
        tags: ["filing"],
        summary: "The check report as a workbook: every result of every DA/T 70 item",
        security: [{ session: [] }],
        parameters: [id],
        responses: {
          "200": { description: "XLSX", content: { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: { type: "string", format: "binary" } } } },
          "401": error("Not signed in"),
          "404": error("No such check run, or in a fonds the user may not see"),
          "422": badId,
        },
      },
    },
    "/api/check-runs/{id}/report.pdf": {
      get: {
        tags: ["filing"],
        summary: "The printable check report: every item with its counts, every failure and warning",
        security: [{ session: [] }],
        parameters: [id],
        responses: {
          "200": { description: "PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
          "401": error("Not signed in"),
          "404": error("No such check run, or in a fonds the user may not see"),
          "422": badId,
        },
      },
    },
  },
  schemas: {
    CheckResult: {
      type: "object",
      required: ["code", "property", "outcome", "detail"],
      properties: {
        code: { type: "string", description: "DA/T 70-2018 item number", examples: ["1-1", "2-6"] },
        title: { type: "object", properties: { zh: { type: "string" }, en: { type: "string" } } },
        property: { enum: ["authenticity", "completeness", "usability", "security"] },
        recordId: { type: ["string", "null"], format: "uuid", description: "Null for items decided for the whole batch" },
        outcome: { enum: checkOutcomeEnum.enumValues },
        detail: reason,
        recordedBy: { type: ["string", "null"], description: "The person who recorded a manual item" },
      },
    },
    Filing: {
      type: "object",
      required: ["id", "approvalId", "records", "heldBack", "checks"],
      properties: {
        id: { type: "string", format: "uuid" },
        fondsId: { type: "string", format: "uuid" },
        fiscalYear: { type: ["integer", "null"] },
        period: { type: ["integer", "null"] },
        state: { enum: ["pending", "approved", "rejected"] },
        approvalId: { type: "string", format: "uuid" },
        approvalState: { enum: approvalStateEnum.enumValues },
        createdBy: { type: "object", properties: { id: { type: "string", format: "uuid" }, name: { type: "string" } } },
        createdAt: { type: "string", format: "date-time" },
        decidedAt: { type: ["string", "null"], format: "date-time" },
        decision: {
          type: ["object", "null"],
          description: "The decision that ended the request; on rejection its comment says what to fix, and the records are collected again",
          properties: { decision: { enum: decisionEnum.enumValues }, comment: { type: ["string", "null"] }, by: { type: ["string", "null"] }, at: { type: "string", format: "date-time" } },
        },
        records: {
          type: "array",
          items: { type: "object", required: ["id", "state"], properties: { id: { type: "string", format: "uuid" }, title: { type: "string" }, category: { type: "string" }, state: { enum: recordStateEnum.enumValues }, archivalCode: { type: ["string", "null"] }, volumeId: { type: ["string", "null"] }, itemNo: { type: ["integer", "null"] }, retention: { type: "string" }, retentionExpiresOn: { type: ["string", "null"], format: "date" }, checkStatus: { enum: checkStatusEnum.enumValues } } },
        },
        heldBack: { type: "array", items: { type: "object", required: ["id", "reasons"], properties: { id: { type: "string", format: "uuid" }, title: { type: "string" }, reasons: { type: "array", items: reason } } } },
        volumes: { type: "array", items: { type: "object", properties: { id: { type: "string", format: "uuid" }, title: { type: "string" }, category: { type: "string" }, volumeNo: { type: ["integer", "null"] }, state: { enum: volumeStateEnum.enumValues }, retention: { type: ["string", "null"] }, cover: { type: "object" } } } },
        checks: {
          type: "object",
          required: ["runId", "summary", "results"],
          properties: { runId: { type: "string", format: "uuid" }, fondsId: { type: "string", format: "uuid" }, startedAt: { type: "string", format: "date-time" }, finishedAt: { type: ["string", "null"], format: "date-time" }, summary: { type: "object" }, results: { type: "array", items: { $ref: "#/components/schemas/CheckResult" } } },
        },
      },
    },
    Approval: {
      type: "object",
      required: ["id", "fondsId", "kind", "state", "steps", "decisions", "canDecide"],
      properties: {
        id: { type: "string", format: "uuid" },
        fondsId: { type: "string", format: "uuid" },
        requestedBy: { type: "object", properties: { id: { type: "string", format: "uuid" }, name: { type: "string" } } },
        createdAt: { type: "string", format: "date-time" },
        decidedAt: { type: ["string", "null"], format: "date-time" },
        kind: { enum: approvalKindEnum.enumValues },
        subjectId: { type: "string", format: "uuid" },
        title: { type: "string" },
        state: { enum: approvalStateEnum.enumValues },
        steps: { type: "array", items: { type: "object", properties: { seq: { type: "integer" }, role: { type: "string" }, state: { enum: stepStateEnum.enumValues }, decidedBy: { type: ["string", "null"] }, decidedAt: { type: ["string", "null"], format: "date-time" } } } },
        decisions: { type: "array", items: { type: "object", properties: { decision: { enum: decisionEnum.enumValues }, comment: { type: ["string", "null"] }, source: { enum: decisionSourceEnum.enumValues }, externalEventId: { type: ["string", "null"] }, actorName: { type: ["string", "null"] }, oaUserId: { type: ["string", "null"] }, outcome: { enum: ["recorded", "duplicate", "refused"] }, refusalCode: { type: ["string", "null"] }, createdAt: { type: "string", format: "date-time" } } } },
        canDecide: { type: "boolean" },
        ownRequest: { type: "boolean", description: "The caller holds the step's role but submitted the request, which the fonds does not let them decide (approval.own_request)" },
      },
    },
  },
};
