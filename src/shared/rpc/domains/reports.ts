import { defineEvents, defineMethods } from '../define';

// The reports domain's methods and live events. Filled in by the issue that builds this area.
export const reportsMethods = defineMethods({});
export const reportsEvents = defineEvents({});
