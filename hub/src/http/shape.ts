import { type ErrorCode, NodetallyError } from '@nodetally/shared';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

type Checker<T extends TSchema> = ReturnType<typeof TypeCompiler.Compile<T>>;
const compiled = new WeakMap<TSchema, Checker<TSchema>>();

/**
 * Checks an external API's answer against the part of its recorded shape we read, and throws a coded
 * error naming the first mismatches. Extra fields are allowed: APIs add fields, they rarely remove them.
 */
export function expectShape<T extends TSchema>(schema: T, value: unknown, code: ErrorCode, what: string) {
  let checker = compiled.get(schema) as Checker<T> | undefined;
  if (!checker) {
    checker = TypeCompiler.Compile(schema);
    compiled.set(schema, checker as unknown as Checker<TSchema>);
  }
  if (checker.Check(value)) return value as Static<T>;
  const problems: string[] = [];
  for (const error of checker.Errors(value)) {
    problems.push(`${error.path || '/'}: ${error.message}`);
    if (problems.length === 3) break;
  }
  throw new NodetallyError(code, `unexpected ${what} response: ${problems.join('; ')}`);
}
