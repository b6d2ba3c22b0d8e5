import { z } from 'zod';
import { defineEvents, defineMethods, method } from '../define';

/** Station metadata kept in the project file. */
export const projectMeta = z.object({
  name: z.string().min(1).max(200),
  stationName: z.string().max(200),
  client: z.string().max(200),
  location: z.string().max(200),
  engineer: z.string().max(200),
  notes: z.string().max(20_000),
});
export type ProjectMeta = z.infer<typeof projectMeta>;

export const projectInfo = z.object({
  path: z.string().optional(),
  meta: projectMeta,
  schemaVersion: z.number(),
  createdAt: z.number(),
  sizeBytes: z.number(),
  budgetBytes: z.number(),
  lastCheckpointAt: z.number().optional(),
  journalBytes: z.number(),
  tables: z.array(z.object({ name: z.string(), rows: z.number() })),
});
export type ProjectInfo = z.infer<typeof projectInfo>;

const filePath = z.string().min(1).max(4096);

export const projectMethods = defineMethods({
  'project.info': method(z.object({}).strict(), projectInfo, 'Metadata, size and table counts of the open project.'),
  'project.update': method(projectMeta.partial().strict(), projectInfo, 'Edit station metadata (audited).'),
  'project.new': method(z.object({ path: filePath, name: z.string().min(1).max(200).optional() }).strict(), projectInfo, 'Create and open a new project file.'),
  'project.open': method(z.object({ path: filePath }).strict(), projectInfo, 'Open an existing project file.'),
  'project.saveAs': method(z.object({ path: filePath }).strict(), projectInfo, 'Write the project to a new file and continue there.'),
  'project.checkpoint': method(z.object({}).strict(), projectInfo, 'Write a checkpoint now.'),
  'project.recent': method(z.object({}).strict(), z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.number() })), 'Recently opened projects.'),
});

export const projectEvents = defineEvents({
  'project.changed': projectInfo,
});
