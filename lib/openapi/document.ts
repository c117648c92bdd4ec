import packageJson from "@/package.json";

type PathItem = Record<string, unknown>;

/**
 * The OpenAPI 3.1 description served at /api/openapi.json. Each area adds its paths in its own module
 * (lib/openapi/paths/<area>.ts) and lists it in PATH_MODULES, so areas never edit each other's routes.
 */
export interface OpenApiArea {
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  schemas?: Record<string, unknown>;
}

export function buildOpenApiDocument(areas: OpenApiArea[]) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Acta API",
      version: packageJson.version,
      description:
        "Acta electronic accounting archive. Signed-in users call these routes with their session cookie; " +
        "ERP and OA servers use their connector's API key as `Authorization: Bearer <key>`. Errors answer " +
        "`{ error: { code, message, params?, fields? } }`; `code` is stable, `message` follows Accept-Language (zh-CN or en).",
    },
    servers: [{ url: "/" }],
    tags: areas.flatMap((a) => a.tags),
    paths: Object.assign({}, ...areas.map((a) => a.paths)),
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
        connectorKey: { type: "http", scheme: "bearer", description: "A connector's API key, shown once when the connector is created." },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", examples: ["auth.forbidden"] },
                message: { type: "string" },
                params: { type: "object", additionalProperties: true },
                fields: { type: "object", additionalProperties: { type: "string" } },
              },
            },
          },
        },
        ...Object.assign({}, ...areas.map((a) => a.schemas ?? {})),
      },
    },
  };
}
