import type { IStore } from '../store/types';
import type { IComputePool } from '../workers/task';

export type HostKind = 'electron' | 'headless' | 'cli' | 'test';

export interface CoreConfig {
  host: HostKind;
  /** Per-user folder: settings.json (recent projects) and the demo project. */
  dataDir: string;
  /** The shipped resources/ folder (demo station, sample schemas and data). */
  resourcesDir: string;
  /** Open this project; otherwise the most recent one, otherwise the demo station. */
  projectPath?: string;
  /** Create `projectPath` if it does not exist (CLI `project new`); otherwise a missing file is an error. */
  createProject?: boolean;
  /** Start live services (simulator, listeners) after opening; false for one-shot CLI commands. */
  startServices?: boolean;
  /** Injected implementations (tests and CLI run in-process instead of in worker threads). */
  store?: IStore;
  pool?: IComputePool;
  /** Check handler results against the contract's output schemas. */
  validateOutput?: boolean;
  /** Interval of the status-bar snapshot, ms. */
  statusIntervalMs?: number;
}
