// The rows a new database starts with, so the API has something to show on first run.
export interface SeedAuthor {
  name: string
  born: number | null
  books: { title: string; year: number | null }[]
}

export const SEED_AUTHORS: SeedAuthor[] = [
  {
    name: 'Ursula K. Le Guin',
    born: 1929,
    books: [
      { title: 'A Wizard of Earthsea', year: 1968 },
      { title: 'The Left Hand of Darkness', year: 1969 },
      { title: 'The Dispossessed', year: 1974 },
    ],
  },
  {
    name: 'Italo Calvino',
    born: 1923,
    books: [
      { title: 'Invisible Cities', year: 1972 },
      { title: "If on a winter's night a traveler", year: 1979 },
    ],
  },
  {
    name: 'Octavia E. Butler',
    born: 1947,
    books: [
      { title: 'Kindred', year: 1979 },
      { title: 'Parable of the Sower', year: 1993 },
    ],
  },
]
