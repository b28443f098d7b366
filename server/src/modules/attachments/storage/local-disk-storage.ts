import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { type FileStorage, StoredFileMissingError } from './file-storage';

/** Slash-separated segments of letters, digits, `-` and `_`: nothing that could climb out. */
const KEY_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Files under one folder, one file per key. */
export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Written under a temporary name, flushed, then renamed: a crash leaves no half file at the key.
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temporary, 'wx', 0o640);
    try {
      await file.writeFile(data);
      await file.sync();
    } catch (error) {
      await file.close();
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await file.close();
    try {
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  async read(key: string): Promise<NodeJS.ReadableStream> {
    // Opened here, so a missing file is an answer of this call rather than a later stream error.
    const file = await open(this.pathOf(key), 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new StoredFileMissingError(key) : error;
    });
    return file.createReadStream();
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private pathOf(key: string): string {
    const path = join(this.root, ...key.split('/'));
    if (!KEY_PATTERN.test(key) || !path.startsWith(this.root + sep)) {
      throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    }
    return path;
  }
}
