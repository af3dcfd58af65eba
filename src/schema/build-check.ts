// The build's check of `export const schema`, from the source (static-schema.ts): an unknown
// method or key fails the build; a schema for a method an app route does not export warns.
import { bodyParserOffError, checkSchemaShape, type SchemaShape } from './check-schema.ts'
import { APP_ROUTE_METHODS } from '../runtime/app/methods.ts'

export function checkStaticSchema(shape: SchemaShape | undefined, file: string, appExports: readonly string[] | null, bodyParserOff = false): void {
  if (shape === undefined) return
  const withBody = bodyParserOff ? Object.entries(shape).find(([, keys]) => keys.includes('body')) : undefined
  if (withBody !== undefined) throw bodyParserOffError(file, withBody[0])
  const methods = appExports === null ? null : appExports.filter((name) => APP_ROUTE_METHODS.includes(name))
  for (const line of checkSchemaShape(shape, file, methods)) console.warn(line)
}
