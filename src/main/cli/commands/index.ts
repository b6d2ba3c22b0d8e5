import type { CliCommand } from '../command';
import { parseCommand } from './parse';
import { projectInfoCommand, projectNewCommand } from './project';
import { serveCommand } from './serve';
import { reportCommand } from './report';
import { exportCommand } from './export';
import { fitCommand } from './fit';
import { optimizeCommand } from './optimize';
import { scheduleCommand } from './schedule';

/** Every `swb` command. Each area adds its commands here. */
export const commands: CliCommand[] = [serveCommand, projectNewCommand, projectInfoCommand];
commands.push(parseCommand);
commands.push(reportCommand);
commands.push(exportCommand);
commands.push(fitCommand);
commands.push(optimizeCommand);
commands.push(scheduleCommand);
