/**
 * `@krakenkit/core/files`: reading a file the user named without trusting what it is. `readBoundedFile` refuses
 * anything but a regular file (a FIFO would block the event loop, /dev/zero never ends) and anything over its
 * bound, with an `UnreadableFileError` that says which; the bounds the runner and the guard read their config,
 * secret and data files within are here too. Node only (node:fs), hence an entry of its own.
 *
 * @module @krakenkit/core/files
 */
export {
  MAX_CONFIG_BYTES,
  MAX_DATA_BYTES,
  MAX_SECRET_BYTES,
  readBoundedFile,
  UnreadableFileError,
} from './bounded-file.js';
