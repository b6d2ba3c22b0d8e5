import { defineEvents, defineMethods } from '../define';

// The curves domain's methods and live events. Filled in by the issue that builds this area.
export const curvesMethods = defineMethods({});
export const curvesEvents = defineEvents({});
