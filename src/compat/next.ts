// What `import type { NextApiRequest, NextApiResponse } from 'next'` resolves to in a
// Slugline build: the same types as Slugline's own names. Nothing here exists at run time.
export type {
  ApiHandler as NextApiHandler,
  ApiRequest as NextApiRequest,
  ApiResponse as NextApiResponse,
  PageConfig,
} from '../runtime/pages/types.ts'
