import type { PrintPaper } from './voucher-print';

// Where things go on each paper: units, the A4 grid, the sizes and ink of each paper (docs/printing.md).

/** Points per millimetre. */
export const MM = 72 / 25.4;

/** What one paper prints where; sizes in points at scale 1. */
export interface Geometry {
  width: number;
  padX: number;
  padTop: number;
  padBottom: number;
  ink: 'accent' | 'black';
  brand: [number, number, number];
  plan: [number, number, number];
  validity: [number, number, number];
  label: number;
  code: [number, number];
  password: number;
  steps: [number, number];
  /** Swahili steps under the English ones (thermal only: an A4 card has no room for them) */
  stepsSw: [number, number] | null;
  ref: number;
  qr: number;
  caption: number;
  /** a roll grows with its text: past maxLines at the smallest size it takes more lines instead of cutting with "…" */
  roll: boolean;
  /** the QR code floats right beside the text from under the header (A4), beside the steps (80 mm) or sits under them (58 mm) */
  qrAt: 'top' | 'steps' | 'below';
  gap: number;
}

export const A4_MARGIN = 10 * MM;
export const A4_COLS = 3;
export const A4_ROWS = 7;
export const A4_CARD: [number, number] = [(210 * MM - 2 * A4_MARGIN) / A4_COLS, (297 * MM - 2 * A4_MARGIN) / A4_ROWS];

export const GEOMETRY: Record<PrintPaper, Geometry> = {
  a4: {
    width: A4_CARD[0],
    padX: 6,
    padTop: 5,
    padBottom: 5,
    ink: 'accent',
    brand: [9, 6.5, 2],
    plan: [9, 6.5, 3],
    validity: [7, 5.5, 2],
    label: 5.5,
    code: [18, 10],
    password: 13,
    steps: [6.5, 5.5],
    stepsSw: null,
    ref: 6,
    qr: 24 * MM,
    caption: 5.5,
    roll: false,
    qrAt: 'top',
    gap: 2,
  },
  thermal: {
    width: 72 * MM,
    padX: 0,
    padTop: 4 * MM,
    padBottom: 4 * MM,
    ink: 'black',
    brand: [12, 9, 5],
    plan: [13, 10, 6],
    validity: [10, 8, 4],
    label: 8,
    code: [30, 12],
    password: 22,
    steps: [10, 8],
    stepsSw: [9, 7.5],
    ref: 8,
    qr: 28 * MM,
    caption: 7,
    roll: true,
    qrAt: 'steps',
    gap: 4,
  },
  thermal58: {
    width: 48 * MM,
    padX: 0,
    padTop: 4 * MM,
    padBottom: 4 * MM,
    ink: 'black',
    brand: [11, 8, 5],
    plan: [12, 9, 6],
    validity: [9, 7.5, 4],
    label: 7.5,
    code: [26, 10],
    password: 20,
    steps: [9, 7.5],
    stepsSw: [8.5, 7],
    ref: 7.5,
    qr: 26 * MM,
    caption: 7,
    roll: true,
    qrAt: 'below',
    gap: 3.5,
  },
};

export const TEXT = '#000000';
export const MUTED = '#444444';

/** Roll pages end after at most this much paper (printer drivers limit a page's length). */
export const ROLL_PAGE_MAX = 1000 * MM;

export type RollPaper = Exclude<PrintPaper, 'a4'>;

/** The paper width of each thermal roll (its printed width is the geometry's `width`). */
export const ROLL_WIDTH: Record<RollPaper, number> = { thermal: 80 * MM, thermal58: 58 * MM };
