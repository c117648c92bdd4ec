import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./index";

// ERP and OA teams build against /api/openapi.json alone: a route missing from it does not exist for them,
// and a documented route the code does not serve fails them in production. These tests hold the document
// and the route files of app/api to each other, and the document to the OpenAPI 3.x rules tools rely on.

const root = path.resolve(import.meta.dirname, "..", "..");
const apiDir = path.join(root, "app", "api");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const OPERATION_KEYS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Routes that are not part of the API other systems call, each with the reason it stays out of the document. */
const NOT_DOCUMENTED: Record<string, string> = {
  "/api/auth/[...nextauth]": "Auth.js's own endpoints behind the sign-in page (credentials, OpenID Connect)",
  "/api/pdf-worker": "pdf.js's worker script for the browser's preview pane: a static asset, not an API",
};

interface RouteFile {
  /** As the folders spell it: /api/records/[id] */
  route: string;
  segments: string[];
  methods: string[];
}

/** The HTTP methods a route module exports, read from its syntax (importing it would need Next and a database). */
function exportedMethods(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      names.push(...statement.exportClause.elements.map((e) => e.name.text));
    }
    if (!exported) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
        else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) if (ts.isIdentifier(element.name)) names.push(element.name.text);
        }
      }
    }
  }
  return names.filter((n) => HTTP_METHODS.includes(n)).sort();
}

const routeFiles: RouteFile[] = readdirSync(apiDir, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name === "route.ts")
  .map((e) => {
    const dir = path.relative(apiDir, e.parentPath);
    const segments = ["api", ...(dir ? dir.split(path.sep) : [])];
    return { route: `/${segments.join("/")}`, segments, methods: exportedMethods(path.join(e.parentPath, e.name)) };
  })
  .sort((a, b) => a.route.localeCompare(b.route));

const dynamicName = (segment: string) => /^\[([^.[\]]+)\]$/.exec(segment)?.[1];
const templateName = (segment: string) => /^\{([^{}]+)\}$/.exec(segment)?.[1];

/** Whether a route folder serves a documented path: a `{name}` must fall on a folder `[name]`, a literal on the same literal or on any `[name]`. */
function serves(file: RouteFile, docSegments: string[]): boolean {
  if (file.segments.length !== docSegments.length) return false;
  return file.segments.every((segment, i) => {
    const doc = docSegments[i]!;
    const dynamic = dynamicName(segment);
    if (dynamic === undefined) return segment === doc;
    const name = templateName(doc);
    return name === undefined || name === dynamic;
  });
}

/** The route Next picks for a documented path: at the first segment where candidates differ, a literal folder wins over `[name]`. */
function routeFor(docPath: string): RouteFile | undefined {
  const docSegments = docPath.split("/").slice(1);
  const candidates = routeFiles.filter((f) => serves(f, docSegments));
  const rank = (f: RouteFile) => f.segments.map((s) => (dynamicName(s) === undefined ? "0" : "1")).join("");
  return candidates.sort((a, b) => rank(a).localeCompare(rank(b)))[0];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
const doc = JSON.parse(JSON.stringify(openApiDocument())) as Obj;
const paths = doc.paths as Record<string, Obj>;
const operations = Object.entries(paths).flatMap(([p, item]) =>
  Object.keys(item)
    .filter((k) => OPERATION_KEYS.includes(k))
    .map((method) => ({ path: p, method, item, op: item[method] as Obj })),
);

describe("route files", () => {
  it("are found with their methods (the scan works)", () => {
    const byRoute = Object.fromEntries(routeFiles.map((f) => [f.route, f.methods]));
    expect(byRoute["/api/connectors/erp/[connectorId]/imports"]).toEqual(["GET", "POST"]);
    expect(byRoute["/api/connectors/oa/[connectorId]/callback"]).toEqual(["GET", "POST"]);
    expect(byRoute["/api/auth/[...nextauth]"]).toEqual(["GET", "POST"]);
    expect(byRoute["/api/records/[id]/files/[fileId]/download"]).toEqual(["GET"]);
  });

  it("each export at least one HTTP method", () => {
    expect(routeFiles.filter((f) => f.methods.length === 0).map((f) => f.route)).toEqual([]);
  });
});

describe("/api/openapi.json and the route files", () => {
  it("documents every method of every route, except the few that are not an API (named with their reason)", () => {
    const undocumented = routeFiles
      .filter((f) => !(f.route in NOT_DOCUMENTED))
      .flatMap((f) => {
        const documented = new Set(operations.filter((o) => routeFor(o.path) === f).map((o) => o.method.toUpperCase()));
        return f.methods.filter((m) => !documented.has(m)).map((m) => `${m} ${f.route}`);
      });
    expect(undocumented).toEqual([]);
  });

  it("documents nothing the code does not serve", () => {
    const unserved = operations.filter((o) => !routeFor(o.path)?.methods.includes(o.method.toUpperCase())).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(unserved).toEqual([]);
  });

  it("keeps its list of undocumented routes to routes that exist and that it really leaves out", () => {
    expect(Object.keys(NOT_DOCUMENTED).filter((route) => !routeFiles.some((f) => f.route === route))).toEqual([]);
    expect(operations.filter((o) => (routeFor(o.path)?.route ?? "") in NOT_DOCUMENTED).map((o) => o.path)).toEqual([]);
  });
});

/** Every `$ref` in the document, with where it was found. */
function refs(node: Json, at: string): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${at}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [{ at, ref: v }] : refs(v, `${at}/${k}`)));
}

function resolve(pointer: string): Json | undefined {
  if (!pointer.startsWith("#/")) return undefined;
  let node: Json | undefined = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = node !== null && typeof node === "object" && !Array.isArray(node) ? node[key] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

const parametersOf = (o: { item: Obj; op: Obj }) => {
  const byKey = new Map<string, Obj>();
  // Operation-level parameters override the path item's of the same name and location.
  for (const p of [...((o.item.parameters as Obj[] | undefined) ?? []), ...((o.op.parameters as Obj[] | undefined) ?? [])]) byKey.set(`${p.in}:${p.name}`, p);
  return [...byKey.values()];
};

describe("/api/openapi.json is valid OpenAPI 3.x", () => {
  it("names its version, title and paths as the specification asks", () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect((doc.info as Obj).title).toEqual(expect.any(String));
    expect((doc.info as Obj).version).toEqual(expect.any(String));
    expect(Object.keys(paths).filter((p) => !p.startsWith("/"))).toEqual([]);
  });

  it("resolves every $ref", () => {
    const broken = refs(doc, "#").filter((r) => resolve(r.ref) === undefined);
    expect(broken).toEqual([]);
    expect(refs(doc, "#").length).toBeGreaterThan(10);
  });

  it("lists as required only properties its schemas define", () => {
    const problems: string[] = [];
    const walk = (node: Json, at: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node.required) && node.properties && typeof node.properties === "object" && !Array.isArray(node.properties)) {
        const defined = Object.keys(node.properties);
        problems.push(...(node.required as string[]).filter((r) => !defined.includes(r)).map((r) => `${at}: ${r}`));
      }
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
    };
    walk(doc, "#");
    expect(problems).toEqual([]);
  });

  it("declares every path parameter of every operation, required, and no parameter the path lacks", () => {
    const problems = operations.flatMap((o) => {
      const inTemplate = [...o.path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!).sort();
      const params = parametersOf(o);
      const declared = params.filter((p) => p.in === "path");
      return [
        ...(JSON.stringify(declared.map((p) => p.name as string).sort()) === JSON.stringify(inTemplate) ? [] : [`${o.method} ${o.path}: path parameters ${JSON.stringify(declared.map((p) => p.name))}`]),
        ...declared.filter((p) => p.required !== true).map((p) => `${o.method} ${o.path}: ${p.name} not required`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it("gives every parameter a known location and a schema, and no header the specification ignores", () => {
    const problems = operations.flatMap((o) =>
      parametersOf(o).flatMap((p) => [
        ...(["query", "header", "path", "cookie"].includes(p.in as string) ? [] : [`${o.method} ${o.path} ${p.name}: in ${p.in}`]),
        ...(p.schema || p.content ? [] : [`${o.method} ${o.path} ${p.name}: no schema`]),
        // OpenAPI ignores header parameters named Accept, Content-Type or Authorization: those go in security and content.
        ...(p.in === "header" && /^(accept|content-type|authorization)$/i.test(p.name as string) ? [`${o.method} ${o.path} ${p.name}: ignored header`] : []),
      ]),
    );
    expect(problems).toEqual([]);
  });

  it("describes every response, under a status code, and gives every request body its content", () => {
    const problems = operations.flatMap((o) => {
      const responses = Object.entries((o.op.responses as Obj | undefined) ?? {});
      return [
        ...(responses.length ? [] : [`${o.method} ${o.path}: no responses`]),
        ...responses.filter(([code]) => !/^([1-5](\d\d|XX)|default)$/.test(code)).map(([code]) => `${o.method} ${o.path}: status ${code}`),
        ...responses.filter(([, r]) => typeof (r as Obj).description !== "string").map(([code]) => `${o.method} ${o.path} ${code}: no description`),
        ...(o.op.requestBody && !(o.op.requestBody as Obj).content ? [`${o.method} ${o.path}: request body without content`] : []),
      ];
    });
    expect(problems).toEqual([]);
  });

  it("names only security schemes and tags it defines", () => {
    const schemes = Object.keys(((doc.components as Obj).securitySchemes as Obj) ?? {});
    const tags = (doc.tags as Obj[]).map((t) => t.name);
    const problems = operations.flatMap((o) => [
      ...((o.op.security as Obj[] | undefined) ?? []).flatMap((s) => Object.keys(s)).filter((s) => !schemes.includes(s)).map((s) => `${o.method} ${o.path}: security ${s}`),
      ...((o.op.tags as string[] | undefined) ?? []).filter((t) => !tags.includes(t)).map((t) => `${o.method} ${o.path}: tag ${t}`),
    ]);
    expect(problems).toEqual([]);
  });
});
