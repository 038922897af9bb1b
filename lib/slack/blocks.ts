/**
 * Block Kit building blocks that stay within Slack's limits and escape what users typed, so no
 * message is ever rejected (`invalid_blocks`) or reformatted because of a long or odd value.
 */

export type ResponseType = 'ephemeral' | 'in_channel';
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export type Block =
  | { type: 'section'; text: Mrkdwn }
  | { type: 'section'; fields: Mrkdwn[] }
  | { type: 'context'; elements: Mrkdwn[] }
  | { type: 'divider' };

/** A reply to a slash command, a response_url post, or (without `response_type`) a chat.postMessage. */
export interface SlackMessage {
  /** Always explicit: Slack's default is ephemeral, but a reader should not have to know that. */
  response_type: ResponseType;
  /** The fallback shown in notifications and by clients that cannot render blocks. */
  text: string;
  blocks: Block[];
}

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const BLOCK_LIMITS = { blocks: 50, sectionText: 3000, fields: 10, fieldText: 2000 } as const;

/**
 * Escapes the three characters Slack gives meaning to in message text.
 *
 * @example
 * escapeText('R&D <team>'); // 'R&amp;D &lt;team&gt;'
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A value from a record or request, escaped, when it is a non-empty string (records inserted by
 * hand may hold anything).
 *
 * @example
 * plain(record.ouPath); // '/AI/Development', or undefined
 */
export function plain(value: unknown): string | undefined {
  return typeof value === 'string' && value ? escapeText(value) : undefined;
}

/**
 * Cuts text to at most `max` characters with an ellipsis, never inside an entity, `<…>` markup
 * or a surrogate pair, which Slack would show broken.
 *
 * @example
 * truncate('a'.repeat(5000), 3000).length; // 3000, ending in '…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.lastIndexOf(';')) cut = cut.slice(0, amp);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** User text as inline code: escaped, backticks replaced since mrkdwn cannot escape them. */
export function code(text: string): string {
  return `\`${escapeText(text.replace(/`/g, "'"))}\``;
}

/**
 * A timestamp each reader sees in their own time zone, the ISO string as fallback.
 *
 * @example
 * slackDate('2024-05-01T10:00:00.000Z'); // '<!date^1714557600^{date_short_pretty} {time}|2024-05-01T10:00:00.000Z>'
 */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeText(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${escapeText(iso)}>`;
}

/** A section of mrkdwn (already escaped), truncated to Slack's limit. */
export function section(markdown: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, BLOCK_LIMITS.sectionText) } };
}

/** Label/value pairs as section fields, ten per section; empty values are left out. */
export function fields(pairs: [label: string, markdown: string | undefined][]): Block[] {
  const items: Mrkdwn[] = pairs
    .filter((pair): pair is [string, string] => Boolean(pair[1]))
    .map(([label, value]) => ({
      type: 'mrkdwn',
      text: truncate(`*${label}*\n${value}`, BLOCK_LIMITS.fieldText),
    }));
  const blocks: Block[] = [];
  for (let i = 0; i < items.length; i += BLOCK_LIMITS.fields) {
    blocks.push({ type: 'section', fields: items.slice(i, i + BLOCK_LIMITS.fields) });
  }
  return blocks;
}

/** Lines packed into as few sections as the text limit allows (one per line would hit 50 blocks). */
export function lines(markdownLines: string[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const line of markdownLines) {
    if (current && current.length + 1 + line.length > BLOCK_LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

/** Small grey text under a message. */
export function context(markdown: string): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(markdown, BLOCK_LIMITS.sectionText) }],
  };
}

/**
 * A complete message; past 50 blocks the rest is replaced by a note saying how many were left out.
 *
 * @example
 * message('ephemeral', 'Request r1 accepted', [section(':inbox_tray: *Request accepted*')]);
 */
export function message(responseType: ResponseType, fallback: string, blocks: Block[]): SlackMessage {
  const max = BLOCK_LIMITS.blocks;
  const kept =
    blocks.length <= max
      ? blocks
      : [...blocks.slice(0, max - 1), context(`…and ${blocks.length - (max - 1)} more blocks not shown.`)];
  return { response_type: responseType, text: truncate(fallback, BLOCK_LIMITS.sectionText), blocks: kept };
}
