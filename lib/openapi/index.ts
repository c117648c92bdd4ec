import { buildOpenApiDocument } from "./document";
import { systemArea } from "./paths/system";

// One line per area; each area owns its module under ./paths.
const PATH_MODULES = [systemArea];

export const openApiDocument = () => buildOpenApiDocument(PATH_MODULES);
