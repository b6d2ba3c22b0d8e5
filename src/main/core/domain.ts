import type { StatusSnapshot } from '#shared/rpc/domains/app';
import type { PartialHandlers } from '#shared/rpc/server';
import type { EventBus } from '../events/bus';
import type { AppendEvent, EventStore } from '../events/eventStore';
import type { Migration } from '../store/migrations';
import type { IStore } from '../store/types';
import type { JobRunner } from '../workers/jobRunner';
import type { CoreConfig } from './config';
import type { Logger } from './logger';
import type { Core } from './createCore';

/** What every domain receives from the composition root. */
export interface CoreContext {
  readonly config: CoreConfig;
  readonly bus: EventBus;
  /** The open project's database (the same object across project switches). */
  readonly store: IStore;
  readonly events: EventStore;
  readonly jobs: JobRunner;
  readonly log: Logger;
  /** Record a configuration change in the durable audit trail. */
  audit(event: AppendEvent): Promise<void>;
  /** Other domains by name, for the few cross-domain calls (e.g. gateway -> monitor). */
  domain<T extends Domain = Domain>(name: string): T | undefined;
}

export interface ProjectOpenedInfo {
  isNew: boolean;
  isDemo: boolean;
}

/**
 * A slice of the core: its tables, its contract handlers and its lifecycle. Domains are created in
 * order by createCore and listed in domains.ts.
 */
export interface Domain {
  readonly name: string;
  readonly migrations?: Migration[];
  readonly handlers?: PartialHandlers;
  /** Fill a brand-new demo project with this domain's demo content. */
  seedDemo?(): Promise<void>;
  /** After a project opened (start-up and every switch): load state; start services if allowed. */
  onProjectOpened?(info: ProjectOpenedInfo): Promise<void>;
  /** Before the project closes or switches: stop project-bound services and flush. */
  onProjectClosing?(): Promise<void>;
  /** Add this domain's numbers to the status-bar snapshot. */
  contributeStatus?(snapshot: StatusSnapshot): void;
  /** Core shutdown. */
  stop?(): Promise<void>;
}

export type DomainFactory = (ctx: CoreContext, core: Core) => Domain;
