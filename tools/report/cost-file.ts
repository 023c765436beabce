import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { CliError } from "../errors";

/**
 * The input of the preview report's cost section: `delivery cost --all --json` output, checked
 * with zod. Its own module, so a preview report without --cost-after never loads zod.
 */

const resourceSchema = z.object({
  name: z.string(),
  type: z.string(),
  component: z.string(),
  status: z.enum(["priced", "free", "not-priced"]),
  monthly: z.number().nullable(),
});
const costFileSchema = z.object({
  kind: z.literal("pinecone-delivery/cost"),
  version: z.literal(1),
  currency: z.string(),
  snapshot: z.object({ date: z.string(), source: z.string(), indicative: z.boolean() }),
  stacks: z.array(
    z.object({
      stack: z.string(),
      total: z.number(),
      notPriced: z.number().int(),
      reviewThresholdPerMonth: z.number(),
      resources: z.array(resourceSchema),
    }),
  ),
});
export type CostFile = z.infer<typeof costFileSchema>;

/** Parses `delivery cost --json` output; `label` names the option and file in errors. */
export function readCostFile(cwd: string, file: string, label: string): CostFile {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (err) {
    throw new CliError(`${label} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? "error"}); expected the output of delivery cost --all --json.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CliError(`${label} ${file}: not JSON; expected the output of delivery cost --all --json.`);
  }
  const parsed = costFileSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${label} ${file}: ${issue.path.join(".") || "(document)"}: ${issue.message}; expected the output of delivery cost --all --json (kind pinecone-delivery/cost, version 1).`);
  }
  return parsed.data;
}
