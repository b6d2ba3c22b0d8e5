import { defineEvents, defineMethods } from '../define';

// The monitor domain's methods and live events. Filled in by the issue that builds this area.
export const monitorMethods = defineMethods({});
export const monitorEvents = defineEvents({});
