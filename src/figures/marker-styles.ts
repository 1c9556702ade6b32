/** How measured points are marked on every map: one shape and fill per role, named in one legend. */
export const MARKER_ROLES = ['explored', 'worst (loop shown)', 'median (loop shown)', 'latest', 'best'] as const;
export type MarkerRole = (typeof MARKER_ROLES)[number];

/** Shape, fill and area (px²) per role; drawn in this order so the best lies on top. */
export const MARKER_STYLE: Readonly<Record<MarkerRole, { shape: string; fill: string; size: number }>> = {
  explored: { shape: 'circle', fill: 'white', size: 30 },
  'worst (loop shown)': { shape: 'square', fill: '#17becf', size: 90 },
  'median (loop shown)': { shape: 'square', fill: '#1f3b99', size: 90 },
  latest: { shape: 'triangle-up', fill: '#ff7f0e', size: 130 },
  best: { shape: 'diamond', fill: '#d62728', size: 160 },
};

/** A point of a map or scatter in data coordinates, with its role. */
export interface MarkedPoint {
  readonly x: number;
  readonly y: number;
  readonly role: MarkerRole;
}

/**
 * Point layers (one per role present, so each has its own size) sharing one shape and one fill scale over the
 * roles present, which Vega-Lite merges into a single legend titled `title`.
 */
export function markerLayers(points: readonly MarkedPoint[], title: string): Record<string, unknown>[] {
  const present = MARKER_ROLES.filter((r) => points.some((p) => p.role === r));
  const scale = (key: 'shape' | 'fill') => ({ domain: [...present], range: present.map((r) => MARKER_STYLE[r][key]) });
  return present.map((role) => ({
    data: { values: points.filter((p) => p.role === role).map((p) => ({ x: p.x, y: p.y, role: p.role })) },
    mark: { type: 'point', filled: true, stroke: 'black', strokeWidth: 0.8, opacity: 1, size: MARKER_STYLE[role].size },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      shape: { field: 'role', type: 'nominal', scale: scale('shape'), title, legend: { orient: 'right' } },
      fill: { field: 'role', type: 'nominal', scale: scale('fill'), title, legend: { orient: 'right' } },
    },
  }));
}
