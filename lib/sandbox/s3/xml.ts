/**
 * Just enough XML for S3 request bodies (CreateBucketConfiguration, PublicAccessBlockConfiguration,
 * ServerSideEncryptionConfiguration): elements, text, attributes ignored, no DTDs. Anything it
 * cannot read is MalformedXML, as S3 answers for a body that does not follow its schema.
 */
import { AwsError } from '../aws-error.ts';
import { escapeXml } from '../protocol-query.ts';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

export const malformedXml = (): AwsError =>
  new AwsError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    {},
    400,
  );

const TOKEN =
  /<\?[^?]*\?>|<!--[\s\S]*?-->|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;

export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack = [root];
  let consumed = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index !== consumed) throw malformedXml();
    consumed += match[0].length;
    const [, closing, opening, , selfClosing, content] = match;
    const top = stack.at(-1) as XmlElement;
    if (content !== undefined) top.text += unescapeXml(content);
    else if (closing !== undefined) {
      if (localName(closing) !== top.name || stack.length === 1) throw malformedXml();
      stack.pop();
    } else if (opening !== undefined) {
      const element: XmlElement = { name: localName(opening), children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  const [document] = root.children;
  if (consumed !== text.length || stack.length !== 1 || root.children.length !== 1 || !document)
    throw malformedXml();
  return document;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function childText(element: XmlElement, name: string): string | undefined {
  const found = child(element, name);
  return found ? found.text.trim() : undefined;
}

/** An XML element with escaped text content or already-built children. */
export function el(name: string, content: string | number | boolean | string[] | undefined): string {
  if (content === undefined) return '';
  const inner = Array.isArray(content) ? content.join('') : escapeXml(String(content));
  return `<${name}>${inner}</${name}>`;
}

function localName(name: string): string {
  return name.includes(':') ? (name.split(':').pop() ?? name) : name;
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_, entity: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[entity] ?? '',
  );
}
