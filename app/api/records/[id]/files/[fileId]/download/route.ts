import { respondWithFile } from "../respond";

export const GET = (req: Request, context: { params: Promise<{ id: string; fileId: string }> }) => respondWithFile(req, context, "attachment");
