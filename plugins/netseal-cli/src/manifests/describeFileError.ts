const messagesByCode: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/**
 * Turns a Node file-system error into `what went wrong (CODE)`, without Node's stack or
 * syscall noise. Duck-typed, because such errors may come from another realm (as under
 * Jest), where `instanceof Error` is false.
 */
export function describeFileError(error: unknown): string {
  const code =
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
      ? error.code
      : undefined;
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String(error.message)
      : String(error);
  if (code) {
    // Node's own wording sits between "CODE: " and ", syscall 'path'".
    const nodeWording = new RegExp(`^${code}: ([^,]+)`).exec(message)?.[1];
    return `${messagesByCode[code] ?? nodeWording ?? 'failed'} (${code})`;
  }
  return message;
}
