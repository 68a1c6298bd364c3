import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { createFieldCipher, FieldEncryptionError, isSealed } from "./field-encryption.server";

const key = randomBytes(32);
const cipher = createFieldCipher(key);
const NOTE = "Patient reports chest pain, 58 y/o, BP 150/95 — naïve 🩺";

describe("field encryption", () => {
  it("round-trips text, including empty and non-ASCII text", () => {
    for (const plain of [NOTE, "", "x".repeat(100_000)]) {
      const sealed = cipher.seal(plain, "ctx");
      expect(isSealed(sealed)).toBe(true);
      expect(sealed).toMatch(/^enc:v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
      expect(cipher.open(sealed, "ctx")).toBe(plain);
    }
  });

  it("uses a fresh IV per value and never stores the plaintext", () => {
    const first = cipher.seal(NOTE);
    const second = cipher.seal(NOTE);
    expect(first).not.toBe(second);
    expect(first.split(":")[2]).not.toBe(second.split(":")[2]);
    expect(first).not.toContain("chest pain");
    expect(cipher.open(first)).toBe(NOTE);
  });

  it("detects tampering with the ciphertext, tag or IV", () => {
    const sealed = cipher.seal(NOTE, "ctx");
    const [prefix, version, iv, tag, data] = sealed.split(":") as [string, string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[0]! ^= 1;
      return bytes.toString("base64");
    };
    for (const tampered of [
      [prefix, version, iv, tag, flip(data)],
      [prefix, version, iv, flip(tag), data],
      [prefix, version, flip(iv), tag, data],
    ]) {
      expect(() => cipher.open(tampered.join(":"), "ctx")).toThrow(FieldEncryptionError);
    }
  });

  it("refuses a value moved to another row or column (AAD context)", () => {
    const sealed = cipher.seal(NOTE, "consultations.notes:a");
    expect(() => cipher.open(sealed, "consultations.notes:b")).toThrow(/could not be decrypted/);
  });

  it("throws a clear error naming no text with the wrong key or no key", () => {
    const sealed = cipher.seal(NOTE);
    const wrong = () => createFieldCipher(randomBytes(32)).open(sealed);
    expect(wrong).toThrow(FieldEncryptionError);
    expect(wrong).toThrow(/not the key it was written with/);
    const none = () => createFieldCipher(undefined).open(sealed);
    expect(none).toThrow(/DATA_ENCRYPTION_KEY is not set/);
    for (const attempt of [wrong, none]) {
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).not.toContain("chest");
        expect((error as Error).message).not.toContain(sealed.slice(7));
      }
    }
  });

  it("rejects malformed sealed values", () => {
    expect(() => cipher.open("enc:v1:nonsense")).toThrow(/malformed/);
    expect(() => cipher.open("enc:v1:AAAA:AAAA:AAAA")).toThrow(/malformed/);
  });

  it("passes plaintext through, with or without a key", () => {
    expect(cipher.open(NOTE)).toBe(NOTE);
    expect(createFieldCipher(undefined).open(NOTE)).toBe(NOTE);
    expect(createFieldCipher(undefined).seal(NOTE)).toBe(NOTE);
    expect(createFieldCipher(undefined).enabled).toBe(false);
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => createFieldCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
