import { createAppDomain } from '../rpc/app.handlers';
import { createCurvesDomain } from '../rpc/curves.handlers';
import { createDataDomain } from '../rpc/data.handlers';
import { createEventsDomain } from '../rpc/events.handlers';
import { createGatewayDomain } from '../rpc/gateway.handlers';
import { createJobsDomain } from '../rpc/jobs.handlers';
import { createProjectDomain } from '../rpc/project.handlers';
import { createReportsDomain } from '../rpc/reports.handlers';
import { createMonitorDomain } from '../rpc/monitor.handlers';
import { createSchemasDomain } from '../rpc/schemas.handlers';
import { createOptimizeDomain } from '../rpc/optimize.handlers';
import type { DomainFactory } from './domain';

/**
 * Every domain of the core, in start order. A new area adds its factory here (one line); its
 * contract methods live in src/shared/rpc/domains/<area>.ts.
 */
export const domainFactories: DomainFactory[] = [
  createAppDomain,
  createProjectDomain,
  createEventsDomain,
  createJobsDomain,
  createReportsDomain,
  createMonitorDomain,
  createSchemasDomain,
  createGatewayDomain,
  createDataDomain,
  createCurvesDomain,
  createOptimizeDomain,
];
