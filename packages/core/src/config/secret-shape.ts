/**
 * Names, paths and keys in a config are echoed in its errors so the user can find them; a secret pasted in their
 * place must not be (errors end up in terminals, CI logs and bug reports). These helpers tell the two apart.
 */

// Base64 padding and its `+`: never in an environment variable name or a bot name, rare in a path.
const BASE64_SIGNS = /[+=]/;
const TOKEN_ALPHABET = /^[A-Za-z0-9+/=_-]+$/;
// Separators that human-made names use between words; a run between them is one "word".
const SEPARATORS = /[\s_.\-/\\:,;@]+/;
/** Names longer than this are never shown in full: no name needs it, and a message must stay readable. */
export const MAX_SHOWN_NAME = 64;

/**
 * Whether `text` looks like a credential rather than a name or a path: base64 or hex of a key (Kraken's private
 * keys are base64, API keys 56 random characters), i.e. a long run of random-looking characters. Human-made
 * names (`KRAKEN_API_SECRET`, `config/kraken/trading.key`, `btc-grid-2`) split into short words and do not.
 */
export function looksLikeSecret(text: string): boolean {
  if (text.length < 16) return false;
  const token = TOKEN_ALPHABET.test(text);
  if (token && BASE64_SIGNS.test(text)) return true;
  // Hex and base64 keys: a long word mixing digits and letters, all hex digits or switching class often (a name
  // such as MyKrakenKey2024ForProduction switches once a word).
  for (const word of text.split(SEPARATORS)) {
    if (word.length < 20 || !/[0-9]/.test(word) || !/[A-Za-z]/.test(word)) continue;
    if (/^[0-9a-f]+$/i.test(word) || classChanges(word) >= 0.45) return true;
  }
  if (!token) return false;
  // Url-safe base64 splits into short words at its own `-` and `_`: judged whole, random text switches between
  // upper case, lower case and digits at most characters, where a name switches once a word.
  const letters = text.replace(/[-_/]/g, '');
  if (letters.length >= 24 && /[a-z]/.test(letters) && /[A-Z]/.test(letters) && /[0-9]/.test(letters))
    if (classChanges(letters) >= 0.5) return true;
  // Random text without digits: its characters are spread far more evenly than a name's. 4.5 bits a character
  // is what 32 random base64 characters reach.
  return text.length >= 32 && bitsPerCharacter(text) >= 4.5;
}

// Share of neighbouring characters of different classes (upper, lower, digit).
function classChanges(text: string): number {
  const classOf = (char: string) => (char >= 'a' && char <= 'z' ? 0 : char >= 'A' && char <= 'Z' ? 1 : 2);
  let changes = 0;
  for (let index = 1; index < text.length; index += 1)
    if (classOf(text[index] ?? '') !== classOf(text[index - 1] ?? '')) changes += 1;
  return changes / (text.length - 1);
}

// Shannon entropy of the text's own character frequencies, in bits per character.
function bitsPerCharacter(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / text.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/**
 * How an error message may show a value given where a name or path was expected: the quoted value when it is a
 * plausible name, otherwise a description without it, e.g. `(88 characters, looks like a secret; it is not
 * shown)`. Non-strings are described by type only.
 */
export function nameForMessage(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value}; it is not shown)`;
  const hidden = hiddenNameNote(value);
  return hidden === undefined ? JSON.stringify(value) : hidden;
}

/**
 * The note that replaces a name in a message when it must not be shown (too long, a control character, or the
 * shape of a secret); undefined when the name can be shown as it is.
 */
export function hiddenNameNote(text: string, why?: string): string | undefined {
  const length = `${text.length} character${text.length === 1 ? '' : 's'}`;
  if (looksLikeSecret(text)) return `(${length}, looks like a secret; it is not shown)`;
  // Control characters would let a config rewrite the terminal that shows its errors.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  if (why !== undefined || text.length > MAX_SHOWN_NAME || /[\u0000-\u001f\u007f]/.test(text))
    return `(${length}${why === undefined ? '' : `; ${why}`}; it is not shown)`;
  return undefined;
}
