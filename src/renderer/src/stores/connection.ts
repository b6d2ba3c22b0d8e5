import { create } from 'zustand';

export const useConnectionStore = create<{ connected: boolean; setConnected: (c: boolean) => void }>((set) => ({
  connected: false,
  setConnected: (connected) => set({ connected }),
}));
