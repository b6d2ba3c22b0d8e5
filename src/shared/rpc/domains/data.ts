import { defineEvents, defineMethods } from '../define';

// The data domain's methods and live events. Filled in by the issue that builds this area.
export const dataMethods = defineMethods({});
export const dataEvents = defineEvents({});
