// GET /api/store/phones/iphones: a category browser over a catch-all route. `gadgets` is the
// path after /api/store as an array of decoded segments (['phones', 'iphones']); /api/store
// itself does not match a catch-all and is a 404.
import { methods } from '../../../lib/api.ts'
import { segmentsParam } from '../../../lib/input.ts'

export default methods({
  GET(req, res) {
    const gadgets = segmentsParam(req, 'gadgets')
    // One link per level, each segment encoded again so `a b` or `a/b` round-trips.
    const breadcrumb = gadgets.map((_, i) => `/api/store/${gadgets.slice(0, i + 1).map(encodeURIComponent).join('/')}`)
    res.status(200).json({ gadgets, category: gadgets[gadgets.length - 1], breadcrumb })
  },
})
