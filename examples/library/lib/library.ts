// Every query the API runs, prepared once on first use and reused by every request (preparing
// a statement parses and plans the SQL; running a prepared one skips both).
import { getDb, type DB } from './db.ts'

export interface Author {
  id: number
  name: string
  born: number | null
}

export interface AuthorSummary extends Author {
  books: number
}

export interface Book {
  id: number
  authorId: number
  title: string
  year: number | null
}

export interface NewAuthor {
  name: string
  born: number | null
}

export interface NewBook {
  title: string
  year: number | null
}

function prepareAll(db: DB) {
  return {
    counts: db.prepare<[], { authors: number; books: number }>(
      'SELECT (SELECT COUNT(*) FROM authors) AS authors, (SELECT COUNT(*) FROM books) AS books',
    ),
    // One statement for both the full list and the filtered one: a NULL pattern matches all.
    listAuthors: db.prepare<{ pattern: string | null }, AuthorSummary>(
      `SELECT a.id, a.name, a.born, COUNT(b.id) AS books
         FROM authors a LEFT JOIN books b ON b.author_id = a.id
        WHERE @pattern IS NULL OR a.name LIKE @pattern ESCAPE '\\'
        GROUP BY a.id
        ORDER BY a.name COLLATE NOCASE, a.id`,
    ),
    getAuthor: db.prepare<[number], Author>('SELECT id, name, born FROM authors WHERE id = ?'),
    insertAuthor: db.prepare<NewAuthor, Author>('INSERT INTO authors (name, born) VALUES (@name, @born) RETURNING id, name, born'),
    // RETURNING gives no row when the id is taken, so the caller can answer 409.
    insertAuthorWithId: db.prepare<NewAuthor & { id: number }, Author>(
      'INSERT INTO authors (id, name, born) VALUES (@id, @name, @born) ON CONFLICT(id) DO NOTHING RETURNING id, name, born',
    ),
    updateAuthor: db.prepare<NewAuthor & { id: number }, Author>(
      'UPDATE authors SET name = @name, born = @born WHERE id = @id RETURNING id, name, born',
    ),
    deleteAuthor: db.prepare<[number]>('DELETE FROM authors WHERE id = ?'),
    listBooks: db.prepare<[number], Book>(
      `SELECT id, author_id AS authorId, title, year FROM books
        WHERE author_id = ? ORDER BY year IS NULL, year, id`,
    ),
    // Keyset pages for the streamed export: each page is its own short query, so the
    // connection is never held open across the awaits between chunks.
    booksAfter: db.prepare<[number, number], Book>(
      `SELECT id, author_id AS authorId, title, year FROM books WHERE id > ? ORDER BY id LIMIT ?`,
    ),
    insertBook: db.prepare<NewBook & { authorId: number }, Book>(
      `INSERT INTO books (author_id, title, year) VALUES (@authorId, @title, @year)
       RETURNING id, author_id AS authorId, title, year`,
    ),
  }
}

let statements: ReturnType<typeof prepareAll> | undefined

function sql() {
  return (statements ??= prepareAll(getDb()))
}

/** `%` and `_` typed by the user are literal characters, not LIKE wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export function countAll(): { authors: number; books: number } {
  return sql().counts.get()!
}

/** All authors by name with their number of books; `q` keeps names containing it (any case). */
export function listAuthors(q?: string): AuthorSummary[] {
  return sql().listAuthors.all({ pattern: q ? containsPattern(q) : null })
}

export function findAuthor(id: number): Author | undefined {
  return sql().getAuthor.get(id)
}

export function createAuthor(author: NewAuthor): Author {
  return sql().insertAuthor.get(author)!
}

/** Creates the author under a chosen id; undefined when that id is taken. */
export function createAuthorWithId(id: number, author: NewAuthor): Author | undefined {
  return sql().insertAuthorWithId.get({ ...author, id })
}

/** Replaces the author's fields; undefined when there is no such author. */
export function updateAuthor(id: number, author: NewAuthor): Author | undefined {
  return sql().updateAuthor.get({ ...author, id })
}

/** Deletes the author and, through the foreign key's ON DELETE CASCADE, their books. */
export function deleteAuthor(id: number): boolean {
  return sql().deleteAuthor.run(id).changes > 0
}

export function listBooks(authorId: number): Book[] {
  return sql().listBooks.all(authorId)
}

export function addBook(authorId: number, book: NewBook): Book {
  return sql().insertBook.get({ ...book, authorId })!
}

/** Up to `limit` books with an id above `afterId`, by id: one page of the export. */
export function booksAfter(afterId: number, limit: number): Book[] {
  return sql().booksAfter.all(afterId, limit)
}
