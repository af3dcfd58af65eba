// GET    /api/authors/7  the author
// POST   /api/authors/7  { "name": "...", "born": 1923 } creates author 7: 201, or 409 if it exists
// PUT    /api/authors/7  { "name": "...", "born": 1923 } replaces their fields (born omitted: null)
// DELETE /api/authors/7  deletes them and their books: 204, no body
// An id that is not a positive integer is a 400 naming `id`; an unknown one is a 404.
import { HttpError, methods } from '../../../lib/api.ts'
import { idParam, jsonObject, optionalYear, requiredText } from '../../../lib/input.ts'
import { createAuthorWithId, deleteAuthor, findAuthor, updateAuthor } from '../../../lib/library.ts'

function notFound(id: number): HttpError {
  return new HttpError(404, `Author ${id} not found`)
}

export default methods({
  GET(req, res) {
    const id = idParam(req, 'id')
    const author = findAuthor(id)
    if (author === undefined) throw notFound(id)
    res.status(200).json(author)
  },

  POST(req, res) {
    const id = idParam(req, 'id')
    const body = jsonObject(req)
    const author = createAuthorWithId(id, { name: requiredText(body, 'name'), born: optionalYear(body, 'born') })
    if (author === undefined) throw new HttpError(409, `Author ${id} already exists`)
    res.setHeader('Location', `/api/authors/${id}`)
    res.status(201).json(author)
  },

  PUT(req, res) {
    const id = idParam(req, 'id')
    const body = jsonObject(req)
    const author = updateAuthor(id, { name: requiredText(body, 'name'), born: optionalYear(body, 'born') })
    if (author === undefined) throw notFound(id)
    res.status(200).json(author)
  },

  DELETE(req, res) {
    const id = idParam(req, 'id')
    if (!deleteAuthor(id)) throw notFound(id)
    res.status(204).end()
  },
})
