import { promises as fs } from 'node:fs';
import { Problem } from '../report/Problem';
import { describeFileError } from './describeFileError';
import { FileSizeLimit, MANIFEST_FILE_LIMIT } from './limits';
import { ManifestFileRef } from './ManifestFileRef';

/** The text of a file, or the one problem that kept netseal from reading it. */
export type ReadResult = { text: string } | { problem: Problem };

export function tooLargeProblem(
  file: string,
  limit: FileSizeLimit,
  bytes?: number,
): Problem {
  const size =
    bytes === undefined
      ? 'more than'
      : `${bytes.toLocaleString('en-US')} bytes,`;
  return {
    file,
    path: '',
    message: `${size} over netseal's ${limit.text} limit for ${limit.what}${
      limit.advice ? `; ${limit.advice}` : ''
    }`,
    code: 'too-large',
  };
}

/**
 * Reads a manifest file, refusing it by its size before reading any of it. The read itself
 * also stops at the limit, so a file that grows meanwhile, or a device that never ends,
 * cannot make netseal read more.
 */
export async function readManifestFile(
  ref: Pick<ManifestFileRef, 'display' | 'absolute'>,
  limit: FileSizeLimit = MANIFEST_FILE_LIMIT,
): Promise<ReadResult> {
  const unreadable = (error: unknown): ReadResult => ({
    problem: {
      file: ref.display,
      path: '',
      message: `cannot read: ${describeFileError(error)}`,
      code: 'unreadable',
    },
  });
  let handle;
  try {
    handle = await fs.open(ref.absolute, 'r');
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      return {
        problem: {
          file: ref.display,
          path: '',
          message: 'cannot read: not a regular file',
          code: 'unreadable',
        },
      };
    }
    if (stats.size > limit.bytes) {
      return { problem: tooLargeProblem(ref.display, limit, stats.size) };
    }
    // One byte beyond the stated size shows whether the file grew; growth is bounded too.
    let buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit.bytes) {
          return { problem: tooLargeProblem(ref.display, limit) };
        }
        const grown = Buffer.alloc(
          Math.min(buffer.length * 2, limit.bytes + 1),
        );
        buffer.copy(grown);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(
        buffer,
        length,
        buffer.length - length,
        null,
      );
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
    }
    if (length > limit.bytes) {
      return { problem: tooLargeProblem(ref.display, limit) };
    }
    return { text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    return unreadable(error);
  } finally {
    await handle.close();
  }
}

/** Reads standard input (`netseal digest -`), under the same size limit as a file. */
export async function readManifestStream(
  display: string,
  stream: AsyncIterable<Buffer | string>,
  limit: FileSizeLimit = MANIFEST_FILE_LIMIT,
): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer =
      typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    length += buffer.length;
    if (length > limit.bytes) {
      return { problem: tooLargeProblem(display, limit) };
    }
    chunks.push(buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8') };
}
