/**
 * Splitting slash-command text into words, undoing Slack's formatting on the way: Slack escapes
 * `&`, `<` and `>` as entities and wraps emails and links it recognises in `<…>` markup, so a
 * real `<` in the text always starts markup.
 */

export interface Token {
  /** The word with quotes removed, links unwrapped and entities decoded. */
  value: string;
  /** Index in `value` of the first `=` typed outside quotes and links; -1 when there is none. */
  eq: number;
}

export type Tokens = { ok: true; tokens: Token[] } | { ok: false; message: string };

// Straight and typographic double quotes: some keyboards and clients turn " into “ ”.
const QUOTES = '"“”';
const ENTITY = /^&(amp|lt|gt);/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Splits text on whitespace; `"…"` keeps spaces inside a word and anywhere in it
 * (`name="ml team"`), `<mailto:a@b.com|a@b.com>` becomes `a@b.com`.
 *
 * @example
 * tokenize('request name="ml team"'); // { ok: true, tokens: [{ value: 'request', eq: -1 }, { value: 'name=ml team', eq: 4 }] }
 */
export function tokenize(text: string): Tokens {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    let value = '';
    let eq = -1;
    while (i < text.length && !/\s/.test(text.charAt(i))) {
      const c = text.charAt(i);
      if (QUOTES.includes(c)) {
        const end = closingQuote(text, i + 1);
        if (end === -1) return { ok: false, message: `unterminated quote in ${text.slice(i)}` };
        value += unformat(text.slice(i + 1, end));
        i = end + 1;
      } else if (c === '<' && text.indexOf('>', i) !== -1) {
        const end = text.indexOf('>', i);
        value += unwrapMarkup(text.slice(i + 1, end));
        i = end + 1;
      } else {
        const entity = c === '&' ? ENTITY.exec(text.slice(i)) : null;
        if (c === '=' && eq === -1) eq = value.length;
        value += entity ? ENTITIES[entity[1] as string] : c;
        i += entity ? entity[0].length : 1;
      }
    }
    tokens.push({ value, eq });
  }
  return { ok: true, tokens };
}

/**
 * The text a user typed for Slack markup: the label of `<url|label>`, else the address of a
 * `mailto:` or the URL. Mentions (`<@U…>`, `<#C…>`, `<!here>`) stay as they are.
 *
 * @example
 * unwrapMarkup('mailto:a@b.com|a@b.com'); // 'a@b.com'
 */
export function unwrapMarkup(inner: string): string {
  if (!/^(mailto:|https?:\/\/)/i.test(inner)) return `<${decodeEntities(inner)}>`;
  const bar = inner.indexOf('|');
  const shown = bar === -1 ? inner.replace(/^mailto:/i, '') : inner.slice(bar + 1);
  return decodeEntities(shown);
}

/**
 * Undoes Slack's formatting of a piece of text: markup unwrapped, `&amp;` `&lt;` `&gt;` decoded,
 * in one pass so that a decoded `&lt;` never becomes markup.
 *
 * @example
 * unformat('<mailto:a@b.com|a@b.com> &amp; co'); // 'a@b.com & co'
 */
export function unformat(text: string): string {
  return text.replace(/<([^<>]*)>|&(amp|lt|gt);/g, (_all, inner: string | undefined, name: string) =>
    inner === undefined ? (ENTITIES[name] as string) : unwrapMarkup(inner),
  );
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_all, name: string) => ENTITIES[name] as string);
}

function closingQuote(text: string, from: number): number {
  for (let j = from; j < text.length; j++) if (QUOTES.includes(text.charAt(j))) return j;
  return -1;
}
