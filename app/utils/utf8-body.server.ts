import { decodeUtf8 } from "./utf8";

/** The answer to a request body that is not UTF-8 (400): its text is refused, never guessed at. */
export const notUtf8Body = {
  code: "body_not_utf8",
  message:
    "The request body is not valid UTF-8 text. Send the notes as plain text encoded as UTF-8 (a file's text, not the file itself).",
} as const;

const URL_ENCODED = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * Whether a form body is UTF-8: its bytes as sent and, for a URL-encoded form, the bytes its
 * percent-escapes stand for. The app's forms take no file uploads, so a multipart body is all
 * text too.
 */
export function isUtf8FormBody(contentType: string, bytes: Uint8Array): boolean {
  if (decodeUtf8(bytes) === undefined) return false;
  return !URL_ENCODED.test(contentType) || decodeUtf8(percentDecode(bytes)) !== undefined;
}

/**
 * The bytes with each %XX replaced by the byte it names (the URL standard's percent-decode). The
 * separators & and = are ASCII, so the whole body decodes as UTF-8 exactly when each of its names
 * and values does.
 */
function percentDecode(bytes: Uint8Array): Uint8Array {
  const decoded = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const escaped = bytes[i] === 0x25 ? hexByte(bytes[i + 1], bytes[i + 2]) : undefined;
    if (escaped === undefined) decoded[length++] = bytes[i]!;
    else {
      decoded[length++] = escaped;
      i += 2;
    }
  }
  return decoded.subarray(0, length);
}

function hexByte(high: number | undefined, low: number | undefined): number | undefined {
  const digits = String.fromCharCode(high ?? 0, low ?? 0);
  return /^[\da-f]{2}$/i.test(digits) ? Number.parseInt(digits, 16) : undefined;
}
