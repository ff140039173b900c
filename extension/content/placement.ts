/**
 * Where the save prompt goes on a page: next to the key it offers to save, but never over the key
 * itself nor over the page's own controls beside it (its Copy button, the dialog's Done), and inside
 * the window. Pure: boxes in (the window's coordinates), a position out. The DOM side is overlay.ts.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Between the key (or its controls) and the panel, and between the panel and the window's edges. */
const GAP = 6;
const MARGIN = 4;

const right = (b: Box) => b.left + b.width;
const bottom = (b: Box) => b.top + b.height;

function union(boxes: Box[]): Box {
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  return { left, top, width: Math.max(...boxes.map(right)) - left, height: Math.max(...boxes.map(bottom)) - top };
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(right(a), right(b)) - Math.max(a.left, b.left);
  const h = Math.min(bottom(a), bottom(b)) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, size: number, room: number) => Math.max(MARGIN, Math.min(value, room - size - MARGIN));

/**
 * Tries, in order: below the key, below the key and its controls, above them, right of them, left of
 * them; the first that fits in the window and covers none of them wins. When none does (a small
 * window), the one that covers the least, the key counting most. A key out of view: just below it.
 */
export function placePanel(anchor: Box, controls: Box[], size: Size, view: Size): { left: number; top: number } {
  const cluster = union([anchor, ...controls]);
  const x = clamp(anchor.left, size.width, view.width);
  const y = clamp(anchor.top, size.height, view.height);
  const candidates = [
    { left: x, top: bottom(anchor) + GAP },
    { left: x, top: bottom(cluster) + GAP },
    { left: x, top: anchor.top - GAP - size.height },
    { left: x, top: cluster.top - GAP - size.height },
    { left: right(cluster) + GAP, top: y },
    { left: cluster.left - GAP - size.width, top: y },
  ];
  const cost = (c: { left: number; top: number }) => {
    const panel = { ...c, ...size };
    return overlap(panel, anchor) * 10 + controls.reduce((sum, b) => sum + overlap(panel, b), 0);
  };
  const fits = (c: { left: number; top: number }) => c.left >= MARGIN && c.top >= MARGIN && c.left + size.width <= view.width - MARGIN && c.top + size.height <= view.height - MARGIN;
  // A key scrolled out of view keeps its prompt beside it, for when the person scrolls there.
  if (bottom(anchor) < 0 || anchor.top > view.height) return candidates[0]!;
  const clear = candidates.find((c) => fits(c) && cost(c) === 0);
  if (clear) return clear;
  const inside = candidates.map((c) => ({ left: clamp(c.left, size.width, view.width), top: clamp(c.top, size.height, view.height) }));
  return inside.reduce((best, c) => (cost(c) < cost(best) ? c : best));
}
