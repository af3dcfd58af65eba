// GET  /api/authors/7/books  the author and their books, oldest first
// POST /api/authors/7/books  { "title": "...", "year": 1972 } adds a book: 201 and the book
// This file sits beside authors/[id].ts: a folder and a file may share the `[id]` name.
import { HttpError, methods } from '../../../../lib/api.ts'
import { idParam, jsonObject, optionalYear, requiredText } from '../../../../lib/input.ts'
import { addBook, findAuthor, listBooks, type Author } from '../../../../lib/library.ts'

function existingAuthor(id: number): Author {
  const author = findAuthor(id)
  if (author === undefined) throw new HttpError(404, `Author ${id} not found`)
  return author
}

export default methods({
  GET(req, res) {
    const author = existingAuthor(idParam(req, 'id'))
    res.status(200).json({ author, books: listBooks(author.id) })
  },

  POST(req, res) {
    const author = existingAuthor(idParam(req, 'id'))
    const body = jsonObject(req)
    const book = addBook(author.id, { title: requiredText(body, 'title'), year: optionalYear(body, 'year') })
    res.status(201).json(book)
  },
})
