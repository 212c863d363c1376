import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** One object as `git cat-file --batch` answers it. */
export interface GitObject {
  oid: string;
  type: string;
  size: number;
  /** Absent when the object is larger than the read allowed. */
  content?: Buffer;
}

interface Request {
  maxBytes: number;
  resolve(object: GitObject | undefined): void;
  reject(error: Error): void;
}

/** How long an unused reader keeps its git process. */
const IDLE_MS = 30_000;

/**
 * Reads the objects of one repository through one long-running `git cat-file --batch`,
 * instead of a process per read: starting a process costs the backend a fork of itself
 * (tens of milliseconds from a large process), which dominated reading many policy
 * sources. Requests are answered in order; the process ends after a while unused, or on
 * any error, and the next request starts another.
 *
 * Object names are read line by line, so a name with a line break is refused rather than
 * sent.
 */
export class GitObjectReader {
  readonly #workTree: string;
  #child: ChildProcessWithoutNullStreams | undefined;
  #queue: Request[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  /** The object being received: its header, and its content so far. */
  #receiving:
    | { object: GitObject; filled: number; remaining: number }
    | undefined;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(workTree: string) {
    this.#workTree = workTree;
  }

  /**
   * The object `name` names (an id, or `<commit>:<path>`), with its content unless it is
   * larger than `maxBytes`; undefined when there is no such object.
   */
  read(name: string, maxBytes: number): Promise<GitObject | undefined> {
    if (/[\n\r\0]/.test(name)) {
      return Promise.reject(
        new Error(
          `a Git object name cannot hold a line break: ${JSON.stringify(name)}`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const child = this.#process();
      clearTimeout(this.#idleTimer);
      // While a read is under way the process keeps the backend's event loop alive.
      setReferenced(child, true);
      this.#queue.push({ maxBytes, resolve, reject });
      child.stdin.write(`${name}\n`);
    });
  }

  /** Ends the git process; later reads start another. */
  close(): void {
    clearTimeout(this.#idleTimer);
    this.#fail(new Error('the Git object reader was closed'));
  }

  #process(): ChildProcessWithoutNullStreams {
    if (this.#child) return this.#child;
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: this.#workTree,
    });
    this.#child = child;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk: Buffer) => this.#receive(chunk));
    child.on('error', error => this.#fail(error));
    child.on('close', code => {
      if (this.#child === child && this.#queue.length > 0) {
        this.#fail(
          new Error(
            `git cat-file --batch in ${
              this.#workTree
            } ended (exit code ${code}): ${stderr.trim()}`,
          ),
        );
      }
      if (this.#child === child) this.#child = undefined;
    });
    child.stdin.on('error', error => this.#fail(error));
    return child;
  }

  #receive(chunk: Buffer): void {
    this.#buffer =
      this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const receiving = this.#receiving;
      if (receiving) {
        const wanted = receiving.remaining;
        const taken = Math.min(wanted, this.#buffer.length);
        const content = receiving.object.content;
        if (content) {
          this.#buffer.copy(content, receiving.filled, 0, taken);
          receiving.filled += taken;
        }
        receiving.remaining -= taken;
        this.#buffer = this.#buffer.subarray(taken);
        // The content is followed by a line feed.
        if (receiving.remaining > 0 || this.#buffer.length === 0) return;
        this.#buffer = this.#buffer.subarray(1);
        this.#receiving = undefined;
        this.#queue.shift()?.resolve(receiving.object);
        this.#idleIfDone();
        continue;
      }
      const end = this.#buffer.indexOf(0x0a);
      if (end < 0) return;
      const header = this.#buffer.subarray(0, end).toString('utf8');
      this.#buffer = this.#buffer.subarray(end + 1);
      const [oid, type, size] = header.split(' ');
      if (size === undefined) {
        // `<name> missing` or `<name> ambiguous`
        this.#queue.shift()?.resolve(undefined);
        this.#idleIfDone();
        continue;
      }
      const bytes = Number(size);
      const request = this.#queue[0];
      this.#receiving = {
        object: {
          oid,
          type,
          size: bytes,
          ...(request && bytes <= request.maxBytes
            ? { content: Buffer.alloc(bytes) }
            : {}),
        },
        filled: 0,
        remaining: bytes,
      };
    }
  }

  #idleIfDone(): void {
    if (this.#queue.length > 0) return;
    if (this.#child) setReferenced(this.#child, false);
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      const child = this.#child;
      this.#child = undefined;
      child?.stdin.end();
    }, IDLE_MS);
    this.#idleTimer.unref();
  }

  #fail(error: Error): void {
    const queue = this.#queue;
    this.#queue = [];
    this.#buffer = Buffer.alloc(0);
    this.#receiving = undefined;
    const child = this.#child;
    this.#child = undefined;
    child?.kill();
    queue.forEach(request => request.reject(error));
  }
}

/** An idle reader must not keep a backend (or a test) from exiting. */
function setReferenced(
  child: ChildProcessWithoutNullStreams,
  referenced: boolean,
): void {
  // The pipes are sockets, which can be unreferenced like the process itself.
  const handles: Array<{ ref?(): unknown; unref?(): unknown }> = [
    child,
    child.stdin as unknown as { ref?(): unknown; unref?(): unknown },
    child.stdout as unknown as { ref?(): unknown; unref?(): unknown },
    child.stderr as unknown as { ref?(): unknown; unref?(): unknown },
  ];
  for (const handle of handles) {
    if (referenced) handle.ref?.();
    else handle.unref?.();
  }
}
