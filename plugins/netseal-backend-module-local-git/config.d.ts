export interface Config {
  netseal?: {
    /** Policy sources in Git repositories on the backend's disk (the local Git module). */
    localGitReader?: {
      /**
       * Directories (repositories or folders inside them) whose committed content
       * policy sources may name as `file://` URLs. Relative paths are resolved against
       * the backend's working directory. Nothing is readable when left out.
       */
      allow?: string[];
    };
  };
}
