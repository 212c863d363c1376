import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Replaces a file's content all at once: the new text goes to a temporary file beside it,
 * which is flushed and then renamed over the original. A reader, or a crash, sees the old
 * file or the new one, never half of one. The file keeps its mode; a symbolic link keeps
 * pointing at the file, which is what gets replaced.
 */
export async function writeFileAtomically(
  file: string,
  text: string,
): Promise<void> {
  const target = await fs.realpath(file);
  const stats = await fs.stat(target);
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.netseal-${process.pid}-${randomBytes(4).toString(
      'hex',
    )}.tmp`,
  );
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.chmod(stats.mode & 0o7777);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
