// Optional encryption at rest for the columns that hold protected health information (note text,
// titles, summary text). With DATA_ENCRYPTION_KEY set, each value is sealed with AES-256-GCM under
// a fresh random 12-byte IV and stored as a self-describing string:
//
//   enc:v1:<iv base64>:<auth tag base64>:<ciphertext base64>
//
// The GCM additional authenticated data (AAD) is a "context" the caller passes, which the models
// set to `<table>.<column>:<row id>`: a sealed value copied into another row or column then fails
// to open instead of showing the wrong patient's text. Without a context a fixed default is used.
//
// Values without the prefix are returned unchanged, so a database written before the key was set
// still reads (new writes are sealed). A sealed value read with no key or the wrong key throws a
// FieldEncryptionError whose message names the problem but never any of the text.
// Known limit: plaintext stored WITHOUT a key that happens to look exactly like a sealed value
// (enc:v1:…:…:… in base64) is treated as sealed and fails to open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = "enc:v1:";
const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DEFAULT_CONTEXT = "consult-summary:field:v1";
const SEALED = /^enc:v1:([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]*={0,2})$/;

export class FieldEncryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldEncryptionError";
  }
}

export interface FieldCipher {
  /** Whether values are sealed (a key is configured). */
  readonly enabled: boolean;
  seal(plain: string, context?: string): string;
  open(stored: string, context?: string): string;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** A cipher for one key; with no key, `seal` stores plaintext and `open` passes plaintext through. */
export function createFieldCipher(key: Buffer | undefined): FieldCipher {
  if (key && key.length !== 32) throw new FieldEncryptionError("The data encryption key must be 32 bytes.");
  return {
    enabled: key !== undefined,
    seal(plain, context = DEFAULT_CONTEXT) {
      if (!key) return plain;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${PREFIX}${iv.toString("base64")}:${tag.toString("base64")}:${ciphertext.toString("base64")}`;
    },
    open(stored, context = DEFAULT_CONTEXT) {
      if (!isSealed(stored)) return stored;
      if (!key) {
        throw new FieldEncryptionError(
          "Stored text is encrypted but DATA_ENCRYPTION_KEY is not set: configure the key it was written with.",
        );
      }
      const match = SEALED.exec(stored);
      const iv = match && Buffer.from(match[1]!, "base64");
      const tag = match && Buffer.from(match[2]!, "base64");
      if (!match || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES) {
        throw new FieldEncryptionError("Stored encrypted text is malformed.");
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(match[3]!, "base64")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw new FieldEncryptionError(
          "Stored text could not be decrypted: DATA_ENCRYPTION_KEY is not the key it was written with, or the stored value was altered.",
        );
      }
    },
  };
}
