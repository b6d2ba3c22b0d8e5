/** Chart colours from the app's CSS variables. */
export interface ChartTheme {
  key: string;
  grid: string;
  muted: string;
}

let theme: ChartTheme | undefined;

/**
 * The chart colours (--swb-border, --swb-muted), read again only when the theme class on <body>
 * changes: `getComputedStyle` per draw forces a style recalculation in every frame that draws.
 */
export function chartTheme(el: HTMLElement): ChartTheme {
  const key = document.body.className;
  if (theme?.key === key) return theme;
  const style = getComputedStyle(el);
  theme = { key, grid: style.getPropertyValue('--swb-border').trim() || '#888', muted: style.getPropertyValue('--swb-muted').trim() || '#888' };
  return theme;
}
