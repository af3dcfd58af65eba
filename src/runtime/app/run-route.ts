// PLACEHOLDER written by the lead so the server compiles; the app-runtime helper replaces this file.
import type { IncomingMessage, ServerResponse } from 'node:http'
export type RouteParams = Record<string, string | string[]>
export interface AppRouteOptions { dev: boolean }
export const APP_ROUTE_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const
export function appRouteMethods(mod: Record<string, unknown>): string[] {
  return APP_ROUTE_METHODS.filter((m) => typeof mod[m] === 'function')
}
export async function runAppRoute(_mod: Record<string, unknown>, _req: IncomingMessage, res: ServerResponse, _params: RouteParams, _o: AppRouteOptions): Promise<void> {
  res.statusCode = 501
  res.end()
}
