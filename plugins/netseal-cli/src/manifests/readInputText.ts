import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CliIo } from '../CliIo';
import { Problem } from '../report/Problem';
import { describeFileError } from './describeFileError';
import { FileSizeLimit } from './limits';
import { readManifestFile, readManifestStream } from './readManifestFile';

/** The argument that names standard input. */
export const STDIN_ARGUMENT = '-';

/** The text of one input named on the command line, and the name it is shown by. */
export type InputText =
  | { display: string; text: string }
  | { display: string; problem: Problem };

/**
 * Reads one file named on the command line, or standard input for `-`, under a size limit.
 * A directory or a device is a problem naming it, not an attempt to read it.
 */
export async function readInputText(
  arg: string,
  io: CliIo,
  limit: FileSizeLimit,
): Promise<InputText> {
  if (arg === STDIN_ARGUMENT) {
    const display = '<stdin>';
    const read = await readManifestStream(display, io.stdin, limit);
    return 'problem' in read
      ? { display, problem: read.problem }
      : { display, text: read.text };
  }
  const absolute = path.resolve(io.cwd, arg);
  const unreadable = (message: string): InputText => ({
    display: arg,
    problem: { file: arg, path: '', message, code: 'unreadable' },
  });
  let stats;
  try {
    stats = await fs.stat(absolute);
  } catch (error) {
    return unreadable(`cannot read: ${describeFileError(error)}`);
  }
  if (stats.isDirectory()) {
    return unreadable(`is a directory; name ${limit.what}`);
  }
  if (!stats.isFile()) {
    return unreadable('cannot read: not a regular file');
  }
  const read = await readManifestFile({ display: arg, absolute }, limit);
  return 'problem' in read
    ? { display: arg, problem: read.problem }
    : { display: arg, text: read.text };
}
