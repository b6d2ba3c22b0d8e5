import { create } from 'zustand';

/** Hash-based navigation (#/area/sub) so a reload or a bookmark returns to the same page. */
function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/overview';
}

export const useRouteStore = create<{ path: string; navigate: (path: string) => void }>((set) => {
  window.addEventListener('hashchange', () => set({ path: currentPath() }));
  return {
    path: currentPath(),
    navigate: (path) => {
      if (window.location.hash !== `#${path}`) window.location.hash = path;
      set({ path });
    },
  };
});

/** The first path segment: the area. */
export function areaOf(path: string): string {
  return path.split('/')[1] ?? 'overview';
}
