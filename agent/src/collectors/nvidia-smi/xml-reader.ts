/**
 * A small, tolerant XML element reader: enough for `nvidia-smi -q -x` (elements, attributes, text,
 * entities; the prolog, DOCTYPE and comments are skipped). Unbalanced tags do not throw: a stray
 * closing tag is ignored and unclosed elements end with the document.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED[entity] ?? whole;
  });
}

/** Returns a synthetic root element whose children are the document's top-level elements. */
export function readXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const top = () => stack[stack.length - 1] ?? root;
  for (const match of source.matchAll(TOKEN)) {
    const [, cdata, closing, opening, attributeText, selfClosing, textRun] = match;
    if (textRun !== undefined) top().text += decodeEntities(textRun);
    else if (cdata !== undefined) top().text += cdata;
    else if (opening !== undefined) {
      const element: XmlElement = { name: opening, attributes: {}, children: [], text: '' };
      for (const [, key, double, single] of (attributeText ?? '').matchAll(ATTRIBUTE)) {
        if (key) element.attributes[key] = decodeEntities(double ?? single ?? '');
      }
      top().children.push(element);
      if (selfClosing !== '/') stack.push(element);
    } else if (closing !== undefined) {
      const at = stack.findLastIndex((element) => element.name === closing);
      if (at > 0) stack.length = at;
    }
  }
  return root;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** Trimmed text at a slash-separated path below `element` (`power_readings/power_draw`), or null. */
export function textAt(element: XmlElement | undefined, path: string): string | null {
  let current = element;
  for (const name of path.split('/')) current = child(current, name);
  return current ? current.text.trim() : null;
}
