/** A query the API cannot answer as asked: answered 400 with the message (what is wrong, where). */
export class QueryError extends Error {
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
