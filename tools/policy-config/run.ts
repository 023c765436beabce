import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../infra/config";
import { policyPackConfig } from "../../policy/crossguard";
import { exemptionActive, exemptionValid, utcDay } from "../../policy/engine";
import { renderExemptionsMarkdown } from "../../policy/render";
import { Io } from "../io";
import { findProjectRoot, listStacks, loadStack } from "../plan/stack-files";
import { previousStageFacts } from "../plan/stack-references";

export interface PolicyConfigOptions {
  readonly out?: string;
  readonly exemptionsMarkdown?: boolean;
}

/**
 * `delivery policy-config <stack>`: the CrossGuard pack's config for one stack (enforcement level,
 * exemptions and stack facts per rule) for `pulumi preview --policy-pack policy
 * --policy-pack-config <file>`; or, with --exemptions-markdown, the exemption list for the PR report.
 */
export function runPolicyConfig(stack: string, opts: PolicyConfigOptions, io: Io, today: Date = new Date()): void {
  const root = findProjectRoot(io.cwd);
  const loaded = loadStack(root, stack);
  const cfg = parseStackConfig({ stackName: stack, project: loaded.project, source: loaded.source, values: loaded.values, secretKeys: loaded.secretKeys });
  const day = utcDay(today);
  const text = opts.exemptionsMarkdown
    ? renderExemptionsMarkdown(
        stack,
        cfg.policy.exemptions.map((e) => ({ ...e, status: !exemptionValid(e) ? ("invalid" as const) : exemptionActive(e, day) ? ("active" as const) : ("expired" as const) })),
      )
    : `${JSON.stringify(policyPackConfig(cfg, { previousStage: previousStage(root, stack, loaded, cfg) }), null, 2)}\n`;
  if (opts.out) {
    const file = path.resolve(io.cwd, opts.out);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } else {
    io.stdout(text);
  }
}

/** A private stack's bootstrap import source, judged from that stack's file (only its file is read). */
function previousStage(root: string, stack: string, loaded: ReturnType<typeof loadStack>, cfg: ReturnType<typeof parseStackConfig>) {
  const source = cfg.network.private ? cfg.registry.promotionSource : undefined;
  if (source === undefined) return undefined;
  const others = new Map(listStacks(root).filter((s) => s === source && s !== stack).map((s) => [s, loadStack(root, s)]));
  return previousStageFacts(loaded, cfg, others);
}
