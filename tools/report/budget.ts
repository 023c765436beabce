/**
 * Fits a document made of blocks into a character budget. Blocks carry a priority: 0 is always
 * kept (summary table, risky changes, mandatory policy violations), higher numbers are dropped
 * first, lowest-value class first, so a cut document still shows what a reviewer must see.
 * Dropped blocks are counted by label so the document can say what was cut.
 */
export interface Block {
  /**
   * The text, or a function that renders it: blocks that cost real work and are the first to be
   * cut (property diffs) are rendered only if the budget reaches them.
   */
  readonly text: string | (() => string);
  /** A lower bound of the rendered length: a block whose bound does not fit is cut unrendered. */
  readonly minLength?: number;
  readonly priority: number;
  /** What the block is, for the "cut" note (e.g. "property diff"); "" for headings and spacing, which are not counted. */
  readonly label: string;
  readonly stack?: string;
}

export interface KeptBlock extends Block {
  readonly text: string;
}

export interface FitResult {
  readonly kept: readonly KeptBlock[];
  /** label → number of blocks dropped. */
  readonly cut: ReadonlyMap<string, number>;
}

export function fitToBudget(blocks: readonly Block[], budget: number): FitResult {
  // Indexed loops, no per-block callbacks: a report of thousands of steps has tens of thousands of blocks.
  const texts: (string | undefined)[] = new Array(blocks.length);
  const textOf = (i: number): string => (texts[i] ??= (blocks[i].text as () => string)());
  const kept = (i: number): KeptBlock => ({ ...blocks[i], text: textOf(i) });

  const byPriority = new Map<number, number[]>();
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (typeof b.text === "string") texts[i] = b.text;
    const list = byPriority.get(b.priority);
    if (list) list.push(i);
    else byPriority.set(b.priority, [i]);
  }
  const priorities = [...byPriority.keys()].sort((a, b) => a - b);

  // Keep whole priority classes while they fit; the first class that does not fit is kept
  // partially, in document order; lower classes are dropped (and never rendered). A class is
  // measured only until it is known not to fit.
  let used = 0;
  let partial = Number.POSITIVE_INFINITY;
  measure: for (const p of priorities) {
    let size = 0;
    const members = byPriority.get(p)!;
    for (let k = 0; k < members.length; k++) {
      const i = members[k];
      size += textOf(i).length;
      if (used + size > budget) {
        partial = p;
        break measure;
      }
    }
    used += size;
  }
  if (partial === Number.POSITIVE_INFINITY) return { kept: blocks.map((_, i) => kept(i)), cut: new Map() };

  const out: KeptBlock[] = [];
  const cut = new Map<string, number>();
  let room = budget - used;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const mightFit = b.priority === partial && (texts[i] !== undefined || (b.minLength ?? 0) <= room);
    if (b.priority < partial) out.push(kept(i));
    else if (mightFit && textOf(i).length <= room) {
      out.push(kept(i));
      room -= textOf(i).length;
    } else if (b.label) cut.set(b.label, (cut.get(b.label) ?? 0) + 1);
  }
  return { kept: out, cut };
}
