/**
 * The text the bytes encode, or undefined when they are not valid UTF-8: never a text with U+FFFD
 * put in for the bytes that could not be read. A leading byte order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
