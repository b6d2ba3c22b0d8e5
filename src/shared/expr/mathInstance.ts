/**
 * The restricted mathjs instance. We only use its parser: compiled expressions are our own
 * closure trees (see compile.ts), so no mathjs evaluation ever runs on user text. The instance
 * still has its dangerous entry points replaced, following the mathjs security guide
 * ("Less vulnerable expression parser"), so that nothing else can use it to reach them.
 */
import { all, create, type FactoryFunctionMap, type MathJsInstance, type MathNode } from 'mathjs';

/** Functions replaced by a throwing stub on the restricted instance. */
export const DISABLED_MATHJS_FUNCTIONS = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'parser',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'resolve',
  'reviver',
  'rationalize',
] as const;

let cachedParse: ((text: string) => MathNode) | undefined;

function disabled(name: string): () => never {
  return () => {
    throw new Error(`Function ${name} is disabled`);
  };
}

/** The restricted mathjs instance and the parser kept from it before `parse` was disabled. */
export type RestrictedMath = { math: MathJsInstance; parse: (text: string) => MathNode };

/** Creates a restricted instance (exported for tests; compile.ts uses the cached restrictedParse). */
export function createRestrictedMath(): RestrictedMath {
  // predictable: functions return NaN instead of switching to complex numbers.
  const math = create(all as FactoryFunctionMap, { number: 'number', predictable: true });
  // Keep a reference to the real parser before the public one is disabled.
  const parse = math.parse.bind(math) as (text: string) => MathNode;
  const stubs: Record<string, () => never> = {};
  for (const name of DISABLED_MATHJS_FUNCTIONS) stubs[name] = disabled(name);
  math.import(stubs, { override: true });
  return { math, parse: (text: string) => parse(text) };
}

/**
 * The parser of the restricted instance, created on first use: mathjs builds its functions
 * lazily and the first parse pays for the parser's dependencies (0.1–0.5 s measured on a slow
 * machine), a cost that should not land on every importer at startup.
 */
export function restrictedParse(): (text: string) => MathNode {
  cachedParse ??= createRestrictedMath().parse;
  return cachedParse;
}
