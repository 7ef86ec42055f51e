import type { StyledLine } from './styled-line.js';

/** A part of the screen, in the forms it can take: from the smallest to the fullest, each a list of lines. */
export interface ScreenSection {
  name: string;
  forms: ReadonlyArray<readonly StyledLine[]>;
}

/** Grows a section to its fullest form up to `upTo` (a form index; default its fullest) that still fits. */
export interface GrowStep {
  section: string;
  upTo?: number;
}

/**
 * Fills `rows` lines: every section starts left out, then each step in turn grows its section to the fullest form
 * it allows that still fits the room left, so what the steps name first is what a small screen keeps. Returns the
 * sections' chosen forms in their display order (the order of `sections`).
 */
export function fitScreen(
  sections: readonly ScreenSection[],
  steps: readonly GrowStep[],
  rows: number,
): StyledLine[] {
  const chosen = new Map<string, number>();
  const sizeOf = (section: ScreenSection, form: number) =>
    form < 0 ? 0 : (section.forms[form]?.length ?? 0);
  let used = 0;
  for (const step of steps) {
    const section = sections.find((each) => each.name === step.section);
    if (section === undefined) continue;
    const current = chosen.get(section.name) ?? -1;
    const top = Math.min(step.upTo ?? section.forms.length - 1, section.forms.length - 1);
    for (let form = top; form > current; form -= 1) {
      const extra = sizeOf(section, form) - sizeOf(section, current);
      if (used + extra > rows) continue;
      chosen.set(section.name, form);
      used += extra;
      break;
    }
  }
  return sections.flatMap((section) => section.forms[chosen.get(section.name) ?? -1] ?? []);
}
