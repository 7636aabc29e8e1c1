import { describe, expect, it } from "vitest";
import {
  clampSplit,
  DEFAULT_LAYOUT,
  layoutOwner,
  layoutReducer,
  layoutStorageKey,
  parseStoredLayout,
  shownTab,
  type TLayoutAction,
  type TWorkspaceLayout,
  unreadCount,
  WORKSPACE_LAYOUT,
} from "../../../app/(app)/room/[id]/_components/workspace/layout-state";
import {
  keyBelongsToTarget,
  SHORTCUTS,
  shortcutFor,
  shortcutsFor,
} from "../../../app/(app)/room/[id]/_components/workspace/shortcuts";

const { splitMin, splitMax, splitStep, splitDefault } = WORKSPACE_LAYOUT;
const at = (over: Partial<TWorkspaceLayout> = {}): TWorkspaceLayout => ({ ...DEFAULT_LAYOUT, ...over });
const run = (start: TWorkspaceLayout, actions: TLayoutAction[]) => actions.reduce(layoutReducer, start);

describe("the splitter stays within its bounds", () => {
  it.each([
    [50, 50],
    [splitMin - 1, splitMin],
    [splitMax + 1, splitMax],
    [-500, splitMin],
    [1e9, splitMax],
    [Number.NaN, splitDefault],
    [Number.POSITIVE_INFINITY, splitDefault],
    [42.123, 42.1],
  ])("set %s gives %s", (split, expected) => {
    expect(layoutReducer(at(), { type: "split.set", split }).split).toBe(expected);
    expect(clampSplit(split)).toBe(expected);
  });

  it.each([
    [50, 1, 50 + splitStep],
    [50, -1, 50 - splitStep],
    [splitMax - 1, 1, splitMax],
    [splitMin + 1, -3, splitMin],
  ])("from %s, %s arrow steps give %s", (split, steps, expected) => {
    expect(layoutReducer(at({ split }), { type: "split.nudge", steps }).split).toBe(expected);
  });

  it("reset goes back to the default, and moving the splitter ends a maximised pane", () => {
    expect(layoutReducer(at({ split: 30 }), { type: "split.reset" }).split).toBe(splitDefault);
    expect(layoutReducer(at({ maximised: "board" }), { type: "split.nudge", steps: 1 }).maximised).toBeNull();
  });
});

describe("maximise and restore", () => {
  it.each<[TLayoutAction[], TWorkspaceLayout["maximised"]]>([
    [[{ type: "pane.toggleMaximised", pane: "board" }], "board"],
    [[{ type: "pane.toggleMaximised", pane: "cluster" }], "cluster"],
    [
      [
        { type: "pane.toggleMaximised", pane: "board" },
        { type: "pane.toggleMaximised", pane: "board" },
      ],
      null,
    ],
    [
      [
        { type: "pane.toggleMaximised", pane: "board" },
        { type: "pane.toggleMaximised", pane: "cluster" },
      ],
      "cluster",
    ],
    [[{ type: "pane.toggleMaximised", pane: "cluster" }, { type: "pane.restore" }], null],
  ])("%j leaves %s maximised", (actions, expected) => {
    expect(run(at(), actions).maximised).toBe(expected);
  });

  it("keeps the split while a pane is maximised, for the restore", () => {
    const after = run(at({ split: 40 }), [
      { type: "pane.toggleMaximised", pane: "board" },
      { type: "pane.restore" },
    ]);
    expect(after.split).toBe(40);
  });
});

describe("the side rail", () => {
  it("collapses and opens again; opening a tab opens a collapsed rail", () => {
    const collapsed = layoutReducer(at(), { type: "rail.toggle" });
    expect(collapsed.railCollapsed).toBe(true);
    expect(layoutReducer(collapsed, { type: "rail.toggle" }).railCollapsed).toBe(false);
    const opened = layoutReducer(collapsed, { type: "tab.open", tab: "scorecard" });
    expect(opened).toEqual(at({ tab: "scorecard", railCollapsed: false }));
  });

  it.each<[TWorkspaceLayout["tab"], TWorkspaceLayout["tab"][], TWorkspaceLayout["tab"]]>([
    ["notes", ["chat", "notes", "question"], "notes"],
    // A layout saved while interviewing, read in a candidate's seat.
    ["notes", ["chat", "question"], "chat"],
    ["guide", ["question"], "question"],
  ])("stored tab %s with tabs %j shows %s", (tab, tabs, expected) => {
    expect(shownTab(at({ tab }), tabs)).toBe(expected);
  });
});

describe("the stored layout", () => {
  const stored = { split: 40, maximised: "cluster", railCollapsed: true, tab: "guide" };
  it.each<[string, string | null, TWorkspaceLayout]>([
    ["nothing stored", null, DEFAULT_LAYOUT],
    ["a round trip", JSON.stringify(stored), stored as TWorkspaceLayout],
    ["not JSON", "{split: 40", DEFAULT_LAYOUT],
    ["JSON that is not an object", "42", DEFAULT_LAYOUT],
    ["null", "null", DEFAULT_LAYOUT],
    ["an empty object", "{}", DEFAULT_LAYOUT],
    [
      "a split out of bounds",
      JSON.stringify({ ...stored, split: 3 }),
      { ...stored, split: splitMin } as TWorkspaceLayout,
    ],
    [
      "a split that is text",
      JSON.stringify({ ...stored, split: "wide" }),
      { ...stored, split: splitDefault } as TWorkspaceLayout,
    ],
    [
      "an unknown pane",
      JSON.stringify({ ...stored, maximised: "video" }),
      { ...stored, maximised: null } as TWorkspaceLayout,
    ],
    [
      "a tab from a newer build",
      JSON.stringify({ ...stored, tab: "timeline" }),
      { ...stored, tab: "chat" } as TWorkspaceLayout,
    ],
  ])("%s", (_, raw, expected) => {
    expect(parseStoredLayout(raw)).toEqual(expected);
  });

  it("is kept per person", () => {
    expect(layoutStorageKey("u1")).not.toBe(layoutStorageKey("u2"));
  });

  it.each<[Parameters<typeof layoutOwner>[0], string | null, string]>([
    // The room keeps the key it always had.
    ["room", "u1", "u1"],
    ["replay", "u1", "replay:u1"],
    // A share link's visitor has no id.
    ["replay", null, "replay:shared"],
  ])("in the %s, %s's layout is kept under %s", (place, userId, owner) => {
    expect(layoutOwner(place, userId)).toBe(owner);
  });
});

describe("unread chat", () => {
  const chat = [
    { seq: 3, authorId: "me" },
    { seq: 5, authorId: "them" },
    { seq: 8, authorId: "them" },
    { seq: 9, authorId: "me" },
  ];
  it.each([
    [0, 2],
    [5, 1],
    [8, 0],
    [9, 0],
  ])("seen up to %s: %s unread (your own messages never count)", (seen, expected) => {
    expect(unreadCount(chat, seen, "me")).toBe(expected);
  });
});

describe("the room's keys", () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
  });
  const element = (tagName: string, inside: string[] = [], isContentEditable = false) => ({
    tagName,
    isContentEditable,
    closest: (selector: string) => (selector.split(", ").some((s) => inside.includes(s)) ? {} : null),
  });
  const interviewer = { place: "room", interviewer: true } as const;
  const candidate = { place: "room", interviewer: false } as const;
  const replaying = { place: "replay", interviewer: true } as const;

  it.each([
    ["?", element("BODY"), interviewer, { type: "help" }],
    ["e", element("BODY"), interviewer, { type: "evidence" }],
    ["E", element("BUTTON"), interviewer, { type: "evidence" }],
    ["e", element("BODY"), candidate, null],
    ["b", element("BODY"), candidate, { type: "maximise", pane: "board" }],
    ["c", element("DIV"), interviewer, { type: "maximise", pane: "cluster" }],
    ["s", element("BODY"), candidate, { type: "rail" }],
    ["3", element("BODY"), interviewer, { type: "tab", index: 2 }],
    ["x", element("BODY"), interviewer, null],
    // Typing: in the chat box, the notes, a select, an editable element.
    ["e", element("INPUT"), interviewer, null],
    ["?", element("TEXTAREA"), interviewer, null],
    ["b", element("SELECT"), interviewer, null],
    ["e", element("DIV", [], true), interviewer, null],
    // The whiteboard's own keys (Excalidraw picks tools with letters) and open dialogs.
    ["e", element("DIV", [".excalidraw"]), interviewer, null],
    ["?", element("BUTTON", ["dialog"]), interviewer, null],
    // The replay: the room's keys where they make sense, and the player's own.
    ["b", element("BODY"), replaying, { type: "maximise", pane: "board" }],
    ["2", element("BODY"), replaying, { type: "tab", index: 1 }],
    ["e", element("BODY"), replaying, null],
    [" ", element("BODY"), replaying, { type: "play" }],
    ["k", element("DIV"), replaying, { type: "play" }],
    ["ArrowLeft", element("BODY"), replaying, { type: "step", dir: -1 }],
    ["ArrowRight", element("DIV"), replaying, { type: "step", dir: 1 }],
    ["[", element("BODY"), replaying, { type: "moment", dir: -1 }],
    ["]", element("BODY"), replaying, { type: "moment", dir: 1 }],
    ["<", element("BODY"), replaying, { type: "speed", dir: -1 }],
    [">", element("BODY"), replaying, { type: "speed", dir: 1 }],
    // Space presses a focused button, link or disclosure; the slider and the speed radios keep their arrows.
    [" ", element("BUTTON", ["button"]), replaying, null],
    [" ", element("SUMMARY", ["summary"]), replaying, null],
    ["ArrowRight", element("INPUT"), replaying, null],
    ["ArrowLeft", element("DIV", [".excalidraw"]), replaying, null],
    // The player's keys are not the room's.
    [" ", element("BODY"), interviewer, null],
    ["ArrowLeft", element("BODY"), candidate, null],
  ])("%s on %j as %j", (k, target, seat, expected) => {
    expect(shortcutFor(key(k), target, seat)).toEqual(expected);
  });

  it.each([{ ctrlKey: true }, { metaKey: true }, { altKey: true }])("ignores %j combinations", (mods) => {
    expect(shortcutFor(key("e", mods), element("BODY"), interviewer)).toBeNull();
  });

  it("lists on each sheet only the keys that work there", () => {
    const labels = (at: Parameters<typeof shortcutsFor>[0]) => shortcutsFor(at).map((s) => s.label);
    expect(labels(interviewer)).toContain("E");
    expect(labels(candidate)).not.toContain("E");
    expect(labels(interviewer)).not.toContain("Space");
    expect(labels(replaying)).toEqual(expect.arrayContaining(["?", "B", "C", "S", "1", "Space", "←", "<"]));
    expect(labels(replaying)).not.toContain("E");
  });

  it("lets text fields keep every key, and has one command per key", () => {
    expect(keyBelongsToTarget(element("INPUT"))).toBe(true);
    expect(keyBelongsToTarget(null)).toBe(false);
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
