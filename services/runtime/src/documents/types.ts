// Document store for read models (projections). Adapters: MongoDB (or a Mongo-wire server) and memory.
// Filters are top-level equality only, plus an optional case-insensitive substring search over string
// fields; both adapters implement them the same way.
export interface Document {
  _id: string;
}

export type Filter<D> = { [K in keyof D]?: D[K] };

/** Case-insensitive substring search: a document matches when any of the string fields contains the text. */
export interface TextSearch<D> {
  fields: (keyof D & string)[];
  text: string;
}

export interface FindOptions<D> {
  search?: TextSearch<D>;
  sort?: { [K in keyof D]?: 1 | -1 };
  skip?: number;
  limit?: number;
}

export interface DocumentCollection<D extends Document> {
  get(id: string): Promise<D | null>;
  /** The documents with these ids that exist, in one call, in no particular order. */
  getMany(ids: string[]): Promise<D[]>;
  /** Insert or replace the whole document with this `_id`. */
  put(doc: D): Promise<void>;
  delete(id: string): Promise<void>;
  /**
   * Inserts the documents whose `_id` is free, in one call, and answers the ids that were already
   * taken (those documents are left as they were). Cheaper than `put` where the store must look
   * for an existing document first (FerretDB turns a batch of inserts into one SQL INSERT).
   */
  insertNew(docs: D[]): Promise<string[]>;
  /** `put` for several documents, in as few calls as the store allows; not atomic. */
  putMany(docs: D[]): Promise<void>;
  find(filter: Filter<D>, options?: FindOptions<D>): Promise<D[]>;
  count(filter: Filter<D>, options?: Pick<FindOptions<D>, 'search'>): Promise<number>;
  /** Removes every document (used to rebuild a read model). */
  clear(): Promise<void>;
}

export interface DocumentStore {
  collection<D extends Document>(name: string): DocumentCollection<D>;
  close(): Promise<void>;
}
