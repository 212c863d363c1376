/** A file netseal will read, named the way the user will recognise it. */
export interface ManifestFileRef {
  /** The path as printed: the argument, or the argument joined with the path found under it. */
  display: string;
  /** Absolute path, for the file system. */
  absolute: string;
  /** The directory argument the file was found under; absent for files named directly. */
  directoryArgument?: string;
}
