import { Block, fitToBudget } from "../../tools/report/budget";

/** Blocks whose rendering is counted, to prove the budget renders only what it may keep. */
function lazy(text: string, priority: number, rendered: string[], minLength = 0): Block {
  return { text: () => (rendered.push(text), text), minLength, priority, label: `p${priority}` };
}

describe("fitToBudget renders lazy blocks only as far as the budget reaches", () => {
  test("a class that cannot fit at all is cut without rendering one block of it", () => {
    const rendered: string[] = [];
    const blocks: Block[] = [
      { text: "x".repeat(40), priority: 0, label: "summary" },
      { text: "y".repeat(30), priority: 1, label: "p1" },
      { text: "y".repeat(30), priority: 1, label: "p1" },
      ...Array.from({ length: 1000 }, (_, i) => lazy(`diff ${i} `.padEnd(50, "."), 2, rendered, 20)),
    ];
    const { kept, cut } = fitToBudget(blocks, 80);
    expect(kept.map((b) => b.text)).toEqual(["x".repeat(40), "y".repeat(30)]);
    expect(cut).toEqual(new Map([["p1", 1], ["p2", 1000]]));
    expect(rendered).toEqual([]);
  });

  test("in the class that fits partly, a block whose lower bound exceeds the room left is not rendered", () => {
    const rendered: string[] = [];
    const blocks: Block[] = [
      { text: "h".repeat(10), priority: 0, label: "" },
      lazy("a".repeat(30), 1, rendered, 30),
      lazy("b".repeat(50), 1, rendered, 50),
      lazy("c".repeat(15), 1, rendered, 15),
      lazy("d".repeat(40), 1, rendered, 40),
    ];
    const { kept, cut } = fitToBudget(blocks, 60);
    // Same choice as with every text known: a and c fit (10 + 30 + 15), b and d do not.
    expect(kept.map((b) => b.text)).toEqual(["h".repeat(10), "a".repeat(30), "c".repeat(15)]);
    expect(cut).toEqual(new Map([["p1", 2]]));
    // b was rendered while measuring the class (it is where the class overflowed); d never.
    expect(rendered).toEqual(["a".repeat(30), "b".repeat(50), "c".repeat(15)]);
  });

  test("everything fits: every block rendered once, in order", () => {
    const rendered: string[] = [];
    const { kept, cut } = fitToBudget([lazy("one", 2, rendered), { text: "two", priority: 0, label: "" }, lazy("three", 1, rendered)], 100);
    expect(kept.map((b) => b.text)).toEqual(["one", "two", "three"]);
    expect(cut.size).toBe(0);
    expect(rendered.sort()).toEqual(["one", "three"]);
  });
});
