import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoredFileMissingError } from './file-storage';
import { LocalDiskStorage } from './local-disk-storage';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Every file under a folder, as paths relative to it. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'storage-spec-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores under the key’s folders, reads it back and removes it', async () => {
    const key = 'c1/2026/05/a1';
    await storage.put(key, Buffer.from('hello'));
    expect(filesUnder(root)).toEqual([join('c1', '2026', '05', 'a1')]);
    expect(readFileSync(join(root, 'c1', '2026', '05', 'a1'), 'utf8')).toBe('hello');
    expect((await readAll(await storage.read(key))).toString()).toBe('hello');
    await storage.remove(key);
    expect(filesUnder(root)).toEqual([]);
    await expect(storage.remove(key)).resolves.toBeUndefined();
  });

  it('answers a missing key with StoredFileMissingError', async () => {
    await expect(storage.read('c1/2026/05/none')).rejects.toBeInstanceOf(StoredFileMissingError);
  });

  it.each(['../escape', 'a/../../b', '/etc/passwd', 'a//b', '', 'a/b.tmp', 'a\\b', 'a/./b'])(
    'refuses the key %j',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow('Invalid storage key');
      await expect(storage.read(key)).rejects.toThrow('Invalid storage key');
      await expect(storage.remove(key)).rejects.toThrow('Invalid storage key');
      expect(filesUnder(root)).toEqual([]);
    },
  );

  it('leaves neither the file nor a temporary one when the write fails', async () => {
    // A folder where the file should go makes the final rename fail.
    mkdirSync(join(root, 'c1', 'taken'), { recursive: true });
    await expect(storage.put('c1/taken', Buffer.from('x'))).rejects.toThrow();
    expect(filesUnder(root)).toEqual([]);
  });
});
