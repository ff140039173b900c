import { describe, expect, it } from 'vitest';
import { placePanel, type Box } from '../../../extension/content/placement.js';

const VIEW = { width: 900, height: 500 };
const PANEL = { width: 320, height: 170 };
const overlaps = (a: Box, b: Box) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
const inView = (p: { left: number; top: number }) => p.left >= 0 && p.top >= 0 && p.left + PANEL.width <= VIEW.width && p.top + PANEL.height <= VIEW.height;

describe('placePanel', () => {
  it('goes just below the key when nothing of the page is there', () => {
    expect(placePanel({ left: 100, top: 60, width: 400, height: 20 }, [], PANEL, VIEW)).toEqual({ left: 100, top: 86 });
  });

  it('goes below the page\'s Copy and Done when they sit under the key, covering none of them', () => {
    const key = { left: 170, top: 70, width: 340, height: 18 };
    const controls = [{ left: 170, top: 92, width: 46, height: 22 }, { left: 222, top: 94, width: 36, height: 18 }];
    const at = placePanel(key, controls, PANEL, VIEW);
    const panel = { ...at, ...PANEL };
    expect([key, ...controls].some((b) => overlaps(panel, b))).toBe(false);
    expect(at.top).toBe(92 + 22 + 6);
    expect(inView(at)).toBe(true);
  });

  it('goes above a key at the bottom of the window, and beside it when neither above nor below has room', () => {
    const low = { left: 8, top: 400, width: 780, height: 20 };
    const above = placePanel(low, [{ left: 792, top: 399, width: 46, height: 22 }], PANEL, VIEW);
    expect(above.top + PANEL.height).toBeLessThanOrEqual(400);
    expect(inView(above)).toBe(true);

    const middle = { left: 20, top: 200, width: 300, height: 100 };
    const beside = placePanel(middle, [], { width: 320, height: 300 }, VIEW);
    expect(beside.left).toBeGreaterThanOrEqual(20 + 300);
    expect(overlaps({ ...beside, width: 320, height: 300 }, middle)).toBe(false);
  });

  it('keeps inside a window too small for a clear place, covering the controls rather than the key', () => {
    const view = { width: 360, height: 300 };
    const key = { left: 10, top: 100, width: 340, height: 20 };
    const copy = { left: 10, top: 126, width: 60, height: 24 };
    const at = placePanel(key, [copy], PANEL, view);
    expect(at.left).toBeGreaterThanOrEqual(4);
    expect(at.top).toBeGreaterThanOrEqual(4);
    expect(at.left + PANEL.width).toBeLessThanOrEqual(view.width);
    expect(at.top + PANEL.height).toBeLessThanOrEqual(view.height);
    expect(overlaps({ ...at, ...PANEL }, key)).toBe(false);
  });

  it('stays by a key that is out of view rather than float elsewhere', () => {
    expect(placePanel({ left: 50, top: 1200, width: 300, height: 20 }, [], PANEL, VIEW)).toEqual({ left: 50, top: 1226 });
  });
});
