import { defineEvents, defineMethods } from '../define';

// The gateway domain's methods and live events. Filled in by the issue that builds this area.
export const gatewayMethods = defineMethods({});
export const gatewayEvents = defineEvents({});
