// The workspace index: every manifest under the workspace folders (include/exclude globs; dependency and build
// folders always left out), kept current through the editor's open documents, which override the disk, and file
// watcher events. Texts are applied to the core Workspace lazily (`sync`), so that a burst of keystrokes re-parses
// each edited file once; only changed files are re-extracted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisOptions, FileObjects, Model, Workspace } from '../core';
import { FileMatcher, scanManifests } from '../fs/scan';

export interface Folder {
  uri: string;
  path: string;
}

export interface ScanReport {
  folders: number;
  files: number;
  skipped: string[];
  ms: number;
}

/** Files larger than this many times the analysis limit are not even read (the core would skip them anyway). */
const READ_LIMIT_FACTOR = 4;

/** Files read (and parsed) between two turns of the event loop during a scan. */
const SCAN_BATCH = 32;
/**
 * A scan reads local files synchronously (tens of microseconds each from the page cache; through `fs.promises` each
 * file cost five thread-pool round trips and a FileHandle: large workspace, ~0.6 s of main-thread time and 0.3 s
 * idle per index). A batch slower than this per file means a slow (network) file system: the rest is read
 * asynchronously, so that requests are not kept waiting behind the disk.
 */
const SLOW_READ_MS_PER_FILE = 2;

export function isManifestName(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export class WorkspaceIndex {
  private workspace: Workspace;
  /** The text of every indexed file: the open document's, else the disk's. */
  private readonly texts = new Map<string, string>();
  /** Indexed files that exist on disk under a folder and match the globs. */
  private readonly onDisk = new Set<string>();
  /** Open documents that are indexed, with their versions. */
  private readonly openVersions = new Map<string, number>();
  /** Files whose text changed since the core Workspace last saw them. */
  private readonly pending = new Set<string>();
  private folders: Folder[] = [];
  private matcher: FileMatcher;
  private generation = 0;

  constructor(
    private options: AnalysisOptions,
    private include: string[],
    private exclude: string[],
  ) {
    this.workspace = new Workspace(options);
    this.matcher = new FileMatcher({ include, exclude });
  }

  get analysisOptions(): AnalysisOptions {
    return this.options;
  }

  /** New analysis options: every file is extracted again (texts are kept). */
  setOptions(options: AnalysisOptions): void {
    this.options = options;
    this.workspace = new Workspace(options);
    for (const file of this.texts.keys()) this.pending.add(file);
  }

  setGlobs(include: string[], exclude: string[]): void {
    this.include = include;
    this.exclude = exclude;
    this.matcher = new FileMatcher({ include, exclude });
  }

  setFolders(folders: Folder[]): void {
    this.folders = folders;
  }

  getFolders(): readonly Folder[] {
    return this.folders;
  }

  /** The folder a file lies in (the innermost), or undefined. */
  folderOf(file: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) {
      const rel = path.relative(f.path, file);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }

  /** True when a file on disk belongs in the index: under a folder, matching include and not exclude. */
  wanted(file: string): boolean {
    const folder = this.folderOf(file);
    if (!folder) return false;
    return this.matcher.matches(path.relative(folder.path, file).split(path.sep).join('/'));
  }

  /** True when an open document is analysed: a YAML document outside the folders, or one the globs include. */
  wantsOpen(file: string, languageId: string): boolean {
    if (languageId !== 'yaml' && !isManifestName(file)) return false;
    return !this.folderOf(file) || this.wanted(file);
  }

  /**
   * Reads every manifest of the folders from disk. `pause` lets the caller answer requests in between. Local disks are
   * read synchronously until a batch proves slow (or from the start with `slowDisk`), then asynchronously.
   */
  async scan(pause: () => Promise<boolean>, slowDisk = false): Promise<ScanReport> {
    const started = performance.now();
    const generation = ++this.generation;
    const found: string[] = [];
    for (const folder of this.folders) {
      try {
        found.push(...scanManifests(folder.path, { include: this.include, exclude: this.exclude }));
      } catch {
        // a folder that does not exist (or is not readable) has no manifests
      }
    }
    const wanted = new Set(found);
    for (const file of [...this.onDisk]) {
      if (wanted.has(file)) continue;
      this.onDisk.delete(file);
      if (!this.openVersions.has(file)) this.remove(file);
    }
    // An open document that the globs now leave out (they changed, or arrived after its didOpen) leaves the index too.
    for (const file of [...this.openVersions.keys()]) {
      if (!this.folderOf(file) || this.wanted(file)) continue;
      this.openVersions.delete(file);
      this.remove(file);
    }
    const skipped: string[] = [];
    const limit = this.options.maxFileSize * READ_LIMIT_FACTOR;
    const readAsync = (from: number): Promise<(string | undefined)[]> =>
      Promise.all(found.slice(from, from + SCAN_BATCH).map((file) => readText(file, limit)));
    let prefetched: Promise<(string | undefined)[]> | undefined;
    for (let i = 0; i < found.length; i += SCAN_BATCH) {
      const batch = found.slice(i, i + SCAN_BATCH);
      let texts: (string | undefined)[];
      if (prefetched) texts = await prefetched;
      else if (slowDisk) texts = await readAsync(i);
      else {
        const readStart = performance.now();
        texts = batch.map((file) => readTextSync(file, limit));
        slowDisk = performance.now() - readStart > batch.length * SLOW_READ_MS_PER_FILE;
      }
      // On a slow disk the next batch is read while this one is parsed (waiting for each batch left the main thread
      // idle for about a quarter of the index).
      prefetched = slowDisk && i + SCAN_BATCH < found.length ? readAsync(i + SCAN_BATCH) : undefined;
      if (generation !== this.generation) break;
      batch.forEach((file, j) => {
        const text = texts[j];
        if (text === undefined) {
          skipped.push(file);
          return;
        }
        this.onDisk.add(file);
        if (!this.openVersions.has(file)) this.put(file, text);
      });
      this.applyPending();
      if (!(await pause())) break;
    }
    return { folders: this.folders.length, files: this.onDisk.size, skipped, ms: performance.now() - started };
  }

  /** An open document's text (didOpen/didChange). Returns false when the document is not analysed. */
  setOpen(file: string, version: number, text: string, languageId: string): boolean {
    if (!this.wantsOpen(file, languageId)) return false;
    this.openVersions.set(file, version);
    if (this.texts.get(file) !== text) this.put(file, text);
    return true;
  }

  hasOpenFiles(): boolean {
    return this.openVersions.size > 0;
  }

  openFiles(): IterableIterator<string> {
    return this.openVersions.keys();
  }

  isOpen(file: string): boolean {
    return this.openVersions.has(file);
  }

  openVersion(file: string): number | undefined {
    return this.openVersions.get(file);
  }

  /** didClose: the disk's text takes over again, or the file leaves the index. */
  async close(file: string): Promise<void> {
    if (!this.openVersions.delete(file)) return;
    if (this.wanted(file)) {
      const text = await readText(file, this.options.maxFileSize * READ_LIMIT_FACTOR);
      if (this.openVersions.has(file)) return; // reopened meanwhile
      if (text !== undefined) {
        this.onDisk.add(file);
        this.put(file, text);
        return;
      }
    }
    this.onDisk.delete(file);
    this.remove(file);
  }

  /** A file created or changed on disk. Returns true when the index changed. */
  async diskChanged(file: string): Promise<boolean> {
    if (!this.wanted(file)) return false;
    if (this.openVersions.has(file)) {
      this.onDisk.add(file);
      return false;
    }
    const text = await readText(file, this.options.maxFileSize * READ_LIMIT_FACTOR);
    if (this.openVersions.has(file)) return false;
    if (text === undefined) return this.diskDeleted(file);
    this.onDisk.add(file);
    if (this.texts.get(file) === text) return false;
    this.put(file, text);
    return true;
  }

  /** A file or a folder deleted on disk. Returns true when the index changed. */
  diskDeleted(target: string): boolean {
    let changed = false;
    const prefix = target.endsWith(path.sep) ? target : target + path.sep;
    for (const file of [...this.onDisk]) {
      if (file !== target && !file.startsWith(prefix)) continue;
      this.onDisk.delete(file);
      if (!this.openVersions.has(file)) {
        this.remove(file);
        changed = true;
      }
    }
    return changed;
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  files(): string[] {
    return [...this.texts.keys()];
  }

  get fileCount(): number {
    return this.texts.size;
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Applies pending texts to the core Workspace and returns the current model. */
  sync(): Model {
    this.applyPending();
    return this.workspace.model();
  }

  private applyPending(): void {
    for (const file of this.pending) {
      const text = this.texts.get(file);
      if (text === undefined) this.workspace.deleteFile(file);
      else this.workspace.setFile(file, text);
    }
    this.pending.clear();
  }

  /** The objects extracted from a file, current. */
  objects(file: string): FileObjects | undefined {
    this.applyPending();
    return this.workspace.file(file);
  }

  private put(file: string, text: string): void {
    this.texts.set(file, text);
    this.pending.add(file);
  }

  private remove(file: string): void {
    if (this.texts.delete(file)) this.pending.add(file);
  }
}

/** Opening without blocking: a named pipe called `*.yaml` must not hang the scan until someone writes to it. */
const OPEN_NONBLOCK = fs.constants.O_NONBLOCK === undefined ? undefined : fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

/** A manifest's text, synchronously (for a scan of a local disk); undefined when it is not a regular file, too large or unreadable. */
export function readTextSync(file: string, limit: number): string | undefined {
  let fd: number | undefined;
  try {
    if (OPEN_NONBLOCK === undefined) {
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > limit) return undefined;
      return withoutBom(fs.readFileSync(file, 'utf8'));
    }
    fd = fs.openSync(file, OPEN_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > limit) return undefined;
    return withoutBom(fs.readFileSync(fd, 'utf8'));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already gone
      }
    }
  }
}

// Editors do not count a byte-order mark as a column; with it kept, every diagnostic on a file's first line was one
// column off until the file was opened (found by fuzzing, test/fuzz/server.test.ts).
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readText(file: string, limit: number): Promise<string | undefined> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile() || stat.size > limit) return undefined;
    return withoutBom(await fs.promises.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
