import type { CliCommand } from '../command';
import { projectInfoCommand, projectNewCommand } from './project';
import { serveCommand } from './serve';

/** Every `swb` command. Each area adds its commands here. */
export const commands: CliCommand[] = [serveCommand, projectNewCommand, projectInfoCommand];
