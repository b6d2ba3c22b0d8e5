import { defineEvents, defineMethods } from '../define';

// The schemas domain's methods and live events. Filled in by the issue that builds this area.
export const schemasMethods = defineMethods({});
export const schemasEvents = defineEvents({});
