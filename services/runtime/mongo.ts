// `@candor/runtime/mongo`: read models in MongoDB (or a Mongo-wire server such as FerretDB). An entry
// point of its own so that a process keeping read models in memory never loads the driver.
export { createMongoDocumentStore, type MongoDocumentStoreOptions } from './src/documents/mongo';
