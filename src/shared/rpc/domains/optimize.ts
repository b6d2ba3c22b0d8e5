import { defineEvents, defineMethods } from '../define';

// The optimize domain's methods and live events. Filled in by the issue that builds this area.
export const optimizeMethods = defineMethods({});
export const optimizeEvents = defineEvents({});
