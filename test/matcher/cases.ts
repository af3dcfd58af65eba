// Matching cases every matcher must pass: the route table, then path -> expected route pattern
// and params (null: no route; 'bad-request': a malformed escape).
import type { Params } from '../../src/matcher/types.ts'

export const routeFiles = [
  'index.ts',
  'start.ts',
  'authors/index.ts',
  'authors/new.ts',
  'authors/[id].ts',
  'authors/[id]/books/index.ts',
  'authors/[id]/books/[bookId].ts',
  'store/featured.ts',
  'store/[...gadgets].ts',
  'shop/[[...slug]].ts',
  'p/new/[b].ts',
  'p/[a]/[...rest].ts',
  'posts/[pid]/index.ts',
  'posts/[pid]/[...rest].ts',
  'café.ts',
]

export type Expected = { pattern: string; params: Params } | null | 'bad-request'

export const matchCases: Array<[path: string, expected: Expected]> = [
  ['/api', { pattern: '/api', params: {} }],
  ['/api/start', { pattern: '/api/start', params: {} }],
  ['/api/authors', { pattern: '/api/authors', params: {} }],
  ['/api/authors/new', { pattern: '/api/authors/new', params: {} }],
  ['/api/authors/234', { pattern: '/api/authors/[id]', params: { id: '234' } }],
  ['/api/authors/jane%20doe', { pattern: '/api/authors/[id]', params: { id: 'jane doe' } }],
  ['/api/authors/a%2Fb', { pattern: '/api/authors/[id]', params: { id: 'a/b' } }],
  ['/api/authors/%E2%9C%93', { pattern: '/api/authors/[id]', params: { id: '✓' } }],
  ['/api/authors/a+b', { pattern: '/api/authors/[id]', params: { id: 'a+b' } }],
  ['/api/authors/%E0%A4%A', 'bad-request'],
  ['/api/authors/12/books', { pattern: '/api/authors/[id]/books', params: { id: '12' } }],
  ['/api/authors/12/books/99', { pattern: '/api/authors/[id]/books/[bookId]', params: { id: '12', bookId: '99' } }],
  ['/api/authors/12/unknown', null],
  ['/api/store', null],
  ['/api/store/featured', { pattern: '/api/store/featured', params: {} }],
  ['/api/store/featured/extra', { pattern: '/api/store/[...gadgets]', params: { gadgets: ['featured', 'extra'] } }],
  ['/api/store/phones', { pattern: '/api/store/[...gadgets]', params: { gadgets: ['phones'] } }],
  ['/api/store/a%2Fb/c%20d', { pattern: '/api/store/[...gadgets]', params: { gadgets: ['a/b', 'c d'] } }],
  ['/api/store/ok/%E0%A4%A', 'bad-request'],
  ['/api/shop', { pattern: '/api/shop/[[...slug]]', params: {} }],
  ['/api/shop/a', { pattern: '/api/shop/[[...slug]]', params: { slug: ['a'] } }],
  ['/api/shop/a/b/c', { pattern: '/api/shop/[[...slug]]', params: { slug: ['a', 'b', 'c'] } }],
  // Fallback: p/new/[b] takes one segment only, so a longer path falls back to p/[a]/[...rest].
  ['/api/p/new/x', { pattern: '/api/p/new/[b]', params: { b: 'x' } }],
  ['/api/p/new/a/b', { pattern: '/api/p/[a]/[...rest]', params: { a: 'new', rest: ['a', 'b'] } }],
  ['/api/p/new', null],
  ['/api/posts/5', { pattern: '/api/posts/[pid]', params: { pid: '5' } }],
  ['/api/posts/5/x/y', { pattern: '/api/posts/[pid]/[...rest]', params: { pid: '5', rest: ['x', 'y'] } }],
  // Static segments are compared as sent, as next start compares them (recorded): an encoded
  // name is not the file's name, so `%61dmin` cannot reach `admin` past a proxy rule on it.
  ['/api/caf%C3%A9', null],
  ['/api/st%61rt', null],
  ['/api/authors/%6Eew', { pattern: '/api/authors/[id]', params: { id: 'new' } }],
  // An optional catch-all's `index` is its root, in pages and app routes alike (recorded).
  ['/api/shop/index', { pattern: '/api/shop/[[...slug]]', params: {} }],
  ['/api/shop/index/x', { pattern: '/api/shop/[[...slug]]', params: { slug: ['index', 'x'] } }],
  ['/api/shop/x/index', { pattern: '/api/shop/[[...slug]]', params: { slug: ['x', 'index'] } }],
  ['/api/store/index', { pattern: '/api/store/[...gadgets]', params: { gadgets: ['index'] } }],
  // A malformed escape is a 400 only in the params of the route that matched (recorded: 404
  // where no route takes the path, 400 where one does).
  ['/api/nope/%E0%A4%A', null],
  ['/api/authors/%E0%A4%A/x', null],
  ['/api/authors/%E0%A4%A', 'bad-request'],
  ['/api/shop/%E0%A4%A/x', 'bad-request'],
  ['/api/does-not-exist', null],
  ['/', null],
  ['/other', null],
]
