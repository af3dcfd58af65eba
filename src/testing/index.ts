// `slugline/testing`: call an app's routes from a test, in memory, as `slugline start` answers.
export { testRoute, type TestApp } from './test-route.ts'
export type { InMemoryFetch } from './in-memory-fetch.ts'
