/** What the preload script exposes to the page (absent in a plain browser). */
export interface SwbBridge {
  kind: 'electron';
  requestPort(): void;
}
declare global {
  interface Window {
    swbBridge?: SwbBridge;
  }
}
