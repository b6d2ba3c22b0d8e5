/**
 * The restricted mathjs instance. We only use its parser: compiled expressions are our own
 * closure trees (see compile.ts), so no mathjs evaluation ever runs on user text. The instance
 * still has its dangerous entry points replaced, following the mathjs security guide
 * ("Less vulnerable expression parser"), so that nothing else can use it to reach them.
 */
import { all, create, type FactoryFunctionMap, type MathNode } from 'mathjs';

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

/**
 * The parser of the restricted instance, created on first use (create(all) takes a few ms,
 * which we do not want to pay at import time in the renderer).
 */
export function restrictedParse(): (text: string) => MathNode {
  if (cachedParse) return cachedParse;
  // predictable: functions return NaN instead of switching to complex numbers.
  const math = create(all as FactoryFunctionMap, { number: 'number', predictable: true });
  // Keep a reference to the real parser before the public one is disabled.
  const parse = math.parse.bind(math) as (text: string) => MathNode;
  const stubs: Record<string, () => never> = {};
  for (const name of DISABLED_MATHJS_FUNCTIONS) stubs[name] = disabled(name);
  math.import(stubs, { override: true });
  cachedParse = (text: string) => parse(text);
  return cachedParse;
}
