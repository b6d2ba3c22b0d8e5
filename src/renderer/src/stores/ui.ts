import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'light' | 'dark';

interface UiState {
  theme: Theme;
  jobsOpen: boolean;
  toggleTheme: () => void;
  setJobsOpen: (open: boolean) => void;
}

/** Layout and appearance preferences, remembered per browser/profile. */
export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      theme: 'dark',
      jobsOpen: false,
      toggleTheme: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
      setJobsOpen: (jobsOpen) => set({ jobsOpen }),
    }),
    { name: 'swb.ui', partialize: (s) => ({ theme: s.theme }) },
  ),
);
