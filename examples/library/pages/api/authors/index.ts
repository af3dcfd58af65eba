// GET  /api/authors        every author, with their number of books
// GET  /api/authors?q=cal  authors whose name contains "cal" (any case)
// POST /api/authors        { "name": "...", "born": 1923 } creates one: 201 and the author
import { methods } from '../../../lib/api.ts'
import { jsonObject, optionalQuery, optionalYear, requiredText } from '../../../lib/input.ts'
import { createAuthor, listAuthors } from '../../../lib/library.ts'

export default methods({
  GET(req, res) {
    res.status(200).json({ authors: listAuthors(optionalQuery(req, 'q')) })
  },

  POST(req, res) {
    const body = jsonObject(req)
    const author = createAuthor({ name: requiredText(body, 'name'), born: optionalYear(body, 'born') })
    res.setHeader('Location', `/api/authors/${author.id}`)
    res.status(201).json(author)
  },
})
