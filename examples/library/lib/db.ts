// The library's SQLite database, opened on first use rather than at import time: `slugline
// build` imports every handler module to check its exports, and a build must not create or
// touch the database.
//
// The file is `LIBRARY_DB_PATH` (set in .env), relative to the working directory, which under
// `slugline start` is the app folder. A new file gets the schema and a few seed rows once;
// PRAGMA user_version records that, so emptying the tables later does not bring the seed back.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { SEED_AUTHORS } from './seed.ts'

const DEFAULT_PATH = 'data/library.db'
const SCHEMA_VERSION = 1

const SCHEMA = `
  CREATE TABLE authors (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    born  INTEGER
  );
  CREATE TABLE books (
    id        INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    year      INTEGER
  );
  CREATE INDEX books_by_author ON books(author_id);
`

export type DB = Database.Database

let db: DB | undefined

/** The shared connection, opened (and created if need be) on the first call. */
export function getDb(): DB {
  return (db ??= openDatabase(process.env.LIBRARY_DB_PATH || DEFAULT_PATH))
}

export function openDatabase(file: string): DB {
  const absolute = path.resolve(file)
  fs.mkdirSync(path.dirname(absolute), { recursive: true })
  const conn = new Database(absolute)
  // WAL lets readers run while a write commits; foreign_keys is off by default in SQLite and
  // the cascade from authors to books depends on it.
  conn.pragma('journal_mode = WAL')
  conn.pragma('foreign_keys = ON')
  createOnce(conn)
  // Closing checkpoints the WAL back into the main file, so a stopped server leaves one file.
  process.once('exit', () => conn.close())
  return conn
}

/** Schema and seed in one IMMEDIATE transaction: if two processes open a new file at the same
 *  time, the second waits, then sees user_version already set and does nothing. */
function createOnce(conn: DB): void {
  const create = conn.transaction(() => {
    if (conn.pragma('user_version', { simple: true }) !== 0) return
    conn.exec(SCHEMA)
    const addAuthor = conn.prepare<[string, number | null], { id: number }>('INSERT INTO authors (name, born) VALUES (?, ?) RETURNING id')
    const addBook = conn.prepare('INSERT INTO books (author_id, title, year) VALUES (?, ?, ?)')
    for (const author of SEED_AUTHORS) {
      const { id } = addAuthor.get(author.name, author.born)!
      for (const book of author.books) addBook.run(id, book.title, book.year)
    }
    conn.pragma(`user_version = ${SCHEMA_VERSION}`)
  })
  create.immediate()
}
