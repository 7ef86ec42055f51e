import { statSync } from 'node:fs';
import { KRAKENKIT_CODES, KrakenkitError } from '@krakenkit/core';

/** The environment variable that accepts group/world-readable credential files for every key (value `1`). */
export const ALLOW_INSECURE_SECRET_FILES_ENV = 'KRAKENKIT_ALLOW_INSECURE_SECRET_FILES';

/** A credential file that group or others can read. */
export interface InsecureSecretFile {
  /** Absolute path of the file. */
  path: string;
  /** Its permission bits (e.g. 0o644). */
  mode: number;
  /** Where the config refers to it (`keys.trader.secret`). */
  field: string;
}

/**
 * Credential files (`{ file: path }`) that group or others can read are refused, as ssh refuses such private
 * keys: anyone else on the machine, or a backup that keeps modes, could trade or withdraw with them. Each file is
 * named with its mode and the fix; `allowInsecureSecretFile: true` on the key or
 * `KRAKENKIT_ALLOW_INSECURE_SECRET_FILES=1` turns the refusal into a warning.
 */
export class InsecureSecretFileError extends KrakenkitError {
  override name = 'InsecureSecretFileError';
  declare readonly code: typeof KRAKENKIT_CODES.INSECURE_SECRET_FILE;
  readonly files: readonly InsecureSecretFile[];

  constructor(files: readonly InsecureSecretFile[]) {
    super(
      `${files.map((file) => `credential file ${describeInsecure(file)}: run chmod 600 ${file.path}`).join('\n')}\n` +
        `(to accept the risk instead: allowInsecureSecretFile: true on the key, or ${ALLOW_INSECURE_SECRET_FILES_ENV}=1)`,
      { code: KRAKENKIT_CODES.INSECURE_SECRET_FILE, category: 'config' },
    );
    this.files = files.map((file) => ({ ...file }));
  }
}

/** `<path> (<field>) is readable by group or others (mode 0644)`. */
export function describeInsecure(file: InsecureSecretFile): string {
  return `${file.path} (${file.field}) is readable by group or others (mode ${file.mode.toString(8).padStart(4, '0')})`;
}

/**
 * The file's permission bits when group or others may read, write or run it; undefined when only its owner may
 * (or on Windows, where these bits mean nothing). The file is the one a symlink points at, as open() reads it.
 */
export function insecureMode(path: string): number | undefined {
  if (process.platform === 'win32') return undefined;
  const mode = statSync(path).mode & 0o777;
  return (mode & 0o077) === 0 ? undefined : mode;
}
