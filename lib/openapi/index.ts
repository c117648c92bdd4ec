import { buildOpenApiDocument } from "./document";
import { systemArea } from "./paths/system";
import { filingArea } from "./paths/filing";

// One line per area; each area owns its module under ./paths.
const PATH_MODULES = [systemArea, filingArea];

export const openApiDocument = () => buildOpenApiDocument(PATH_MODULES);
