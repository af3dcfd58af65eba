// GET /api/shop and /api/shop/a/b: an optional catch-all matches its root too. There `slug` is
// absent from req.query (not an empty array), so the handler defaults it.
import { methods } from '../../../lib/api.ts'
import { segmentsParam } from '../../../lib/input.ts'

export default methods({
  GET(req, res) {
    const slug = segmentsParam(req, 'slug')
    res.status(200).json({ page: slug.length === 0 ? 'shop home' : slug.join(' / '), slug, query: req.query })
  },
})
