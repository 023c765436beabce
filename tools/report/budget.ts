/**
 * Fits a document made of blocks into a character budget. Blocks carry a priority: 0 is always
 * kept (summary table, risky changes, mandatory policy violations), higher numbers are dropped
 * first, lowest-value class first, so a cut document still shows what a reviewer must see.
 * Dropped blocks are counted by label so the document can say what was cut.
 */
export interface Block {
  readonly text: string;
  readonly priority: number;
  /** What the block is, for the "cut" note (e.g. "property diff"); "" for headings and spacing, which are not counted. */
  readonly label: string;
  readonly stack?: string;
}

export interface FitResult {
  readonly kept: readonly Block[];
  /** label → number of blocks dropped. */
  readonly cut: ReadonlyMap<string, number>;
}

export function fitToBudget(blocks: readonly Block[], budget: number): FitResult {
  const total = blocks.reduce((n, b) => n + b.text.length, 0);
  if (total <= budget) return { kept: blocks, cut: new Map() };

  const byPriority = new Map<number, number>();
  for (const b of blocks) byPriority.set(b.priority, (byPriority.get(b.priority) ?? 0) + b.text.length);
  const priorities = [...byPriority.keys()].sort((a, b) => a - b);

  // Keep whole priority classes while they fit; the first class that does not fit is kept
  // partially, in document order; lower classes are dropped.
  let used = 0;
  let partial = priorities[priorities.length - 1] + 1;
  for (const p of priorities) {
    if (used + byPriority.get(p)! > budget) {
      partial = p;
      break;
    }
    used += byPriority.get(p)!;
  }
  const kept: Block[] = [];
  const cut = new Map<string, number>();
  let room = budget - used;
  for (const b of blocks) {
    if (b.priority < partial) kept.push(b);
    else if (b.priority === partial && b.text.length <= room) {
      kept.push(b);
      room -= b.text.length;
    } else if (b.label) cut.set(b.label, (cut.get(b.label) ?? 0) + 1);
  }
  return { kept, cut };
}
