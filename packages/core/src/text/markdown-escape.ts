// Model output made safe to put in a Markdown file that someone will open in a Markdown renderer.
//
// - No raw HTML: every "<" becomes "&lt;", so "<script>", "<img onerror=…>", HTML comments and
//   autolinks such as "<javascript:…>" stay text in any renderer ("&" is escaped too where it would
//   start a character reference, so the text reads back unchanged).
// - Links: `[label](url)` is kept only for http(s) and mailto URLs; any other link (javascript:,
//   vbscript:, data:, relative…) is replaced by its label. Images become plain links, so opening the
//   file never fetches a URL the model wrote (a known way to leak text through an image address).
// - Every other "[", "]" and "\" is backslash-escaped, so no other link syntax (reference links,
//   link definitions, links with titles) can form.

import { splitLinks } from "./markdown-inline";

const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
const SPECIAL = /[\\[\]<]|&(?=#?[\dA-Za-z]{1,32};)/g;
const REPLACEMENTS: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "[": "\\[",
  "]": "\\]",
  "<": "&lt;",
  "&": "&amp;",
};
/** URL characters kept as they are; everything else is percent-encoded. */
const URL_CHARACTER = /[\w\-.~:/?#@!$&'*+,;=%]/;

/** Escapes text so that it shows as itself in Markdown: no HTML, no link syntax. */
export function escapeMarkdownText(text: string): string {
  return text.replace(SPECIAL, (character) => REPLACEMENTS[character]!);
}

export function isSafeLinkUrl(url: string): boolean {
  return SAFE_URL.test(url);
}

/** Percent-encodes one code point (encodeURIComponent leaves "(" and ")" and rejects lone surrogates). */
function encodeUrlCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x80) return `%${code.toString(16).toUpperCase().padStart(2, "0")}`;
  const lone = character.length === 1 && code >= 0xd800 && code <= 0xdfff;
  return lone ? "%EF%BF%BD" : encodeURIComponent(character);
}

function encodeLinkUrl(url: string): string {
  let out = "";
  for (const character of url)
    out += URL_CHARACTER.test(character) ? character : encodeUrlCharacter(character);
  return out;
}

/** Model output as safe Markdown (see the top of this file). */
export function toSafeMarkdown(text: string): string {
  const pieces: string[] = [];
  for (const part of splitLinks(text)) {
    if (part.kind === "text") pieces.push(escapeMarkdownText(part.text));
    else if (isSafeLinkUrl(part.url)) {
      // A "!" right before the "[" would make the link an image again.
      const last = pieces.length - 1;
      if (pieces[last]?.endsWith("!")) pieces[last] = `${pieces[last]!.slice(0, -1)}\\!`;
      pieces.push(`[${escapeMarkdownText(part.label)}](${encodeLinkUrl(part.url)})`);
    } else if (part.label) pieces.push(escapeMarkdownText(part.label));
  }
  return pieces.join("");
}
