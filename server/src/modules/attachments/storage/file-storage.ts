/**
 * Where attachment bytes live. Keys are made by the server (`<communityId>/<yyyy>/<mm>/<id>`),
 * never from a client's file name. Local disk today; object storage (S3, OSS, COS) can replace it
 * by providing another implementation under FILE_STORAGE.
 */
export interface FileStorage {
  /** Stores the whole object; a reader never sees it half written. */
  put(key: string, data: Buffer): Promise<void>;
  /** Rejects with StoredFileMissingError when nothing is stored under the key. */
  read(key: string): Promise<NodeJS.ReadableStream>;
  /** Removes the object; removing one that is already gone is not an error. */
  remove(key: string): Promise<void>;
}

/** Injection token of the FileStorage in use. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class StoredFileMissingError extends Error {
  constructor(readonly key: string) {
    super(`Nothing is stored under ${key}`);
    this.name = 'StoredFileMissingError';
  }
}
