/**
 * The RouteRule document model (zod). Rules are data: stored in the project, edited in the UI,
 * validated here, compiled by ./router.
 */
import { z } from 'zod';
import { MAX_EXPRESSION_LENGTH } from '../expr/index';
import { OutputEncodingSchema, SchemaRefSchema, TransformSpecSchema } from './transforms';

/** Rule and target ids: 1–64 characters from letters, digits, `-`, `_`, `.`, `:`. */
export const RouteIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "id must be 1-64 characters from letters, digits, '-', '_', '.', ':'");

/** What a message must satisfy for a rule to apply. Absent criteria match everything. */
export const RouteMatchSchema = z.strictObject({
  /** Glob over the source id (`*` any run, `?` one character), e.g. `udp-1*`. */
  source: z.string().min(1, 'source pattern is empty').max(128).optional(),
  /** Frame schema `name` (any version) or `name@version`. */
  schema: SchemaRefSchema.optional(),
  /** Restricted expression over the message fields; the rule applies when it is true (or a non-zero number). */
  condition: z.string().min(1, 'condition is empty').max(MAX_EXPRESSION_LENGTH).optional(),
});

/** What a matching rule does. */
export const RouteActionsSchema = z.strictObject({
  /** Target ids to deliver to. Empty = the rule matches and delivers nowhere (a filter, useful with stop). */
  targets: z.array(RouteIdSchema).max(64),
  /** Field transforms applied in order before delivery. */
  transforms: z.array(TransformSpecSchema).max(64).default([]),
  /** Encoding of delivered messages. Default 'json'. */
  output: OutputEncodingSchema.default('json'),
});

/**
 * A routing rule. Rules run in ascending `priority` (lower number first; ties keep list order).
 * Every enabled matching rule delivers, until one with `stop: true` matches.
 */
export const RouteRuleSchema = z.strictObject({
  id: RouteIdSchema,
  /** Display name. */
  name: z.string().max(200).default(''),
  enabled: z.boolean().default(true),
  /** Evaluation order, lower first; integer in ±1e9. */
  priority: z.number().int().min(-1e9).max(1e9),
  match: RouteMatchSchema.default({}),
  actions: RouteActionsSchema,
  /** Stop evaluating lower-priority rules after this one matched. */
  stop: z.boolean().default(false),
});

/**
 * The fallback used only when no rule matched (a matching rule with no targets still counts
 * as matched, so filters can drop messages).
 */
export const DefaultRouteSchema = z.strictObject({
  targets: z.array(RouteIdSchema).max(64),
  transforms: z.array(TransformSpecSchema).max(64).default([]),
  output: OutputEncodingSchema.default('json'),
});

/** A validated rule (defaults applied). */
export type RouteRule = z.output<typeof RouteRuleSchema>;
/** A rule as written by a user or stored (defaults may be omitted). */
export type RouteRuleInput = z.input<typeof RouteRuleSchema>;
/** Match criteria. */
export type RouteMatch = z.output<typeof RouteMatchSchema>;
/** Actions. */
export type RouteActions = z.output<typeof RouteActionsSchema>;
/** The default route (defaults applied). */
export type DefaultRoute = z.output<typeof DefaultRouteSchema>;
/** The default route as written. */
export type DefaultRouteInput = z.input<typeof DefaultRouteSchema>;

/** Id reported for the default route in results, counters and dry runs. */
export const DEFAULT_ROUTE_ID = '$default';
