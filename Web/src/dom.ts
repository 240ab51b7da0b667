// Small DOM helpers. User text only ever reaches the page as text nodes or attribute values: nothing here
// parses HTML, so a message, a name or a room id cannot inject markup.

export type Child = Node | string | null | undefined | false;

type Attributes = Record<string, string | number | boolean | undefined>;

/** Creates an element with attributes (false/undefined are left out, true is an empty attribute) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== false) {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }

  element.append(...nodes(children));
  return element;
}

function nodes(children: Child[]): (Node | string)[] {
  return children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false);
}

/** The element with this id, of the expected type; a missing one is a bug in index.html. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(`#${id} is missing from the page`);
  }

  return element;
}

/** True for an absolute http(s) URL, the only kind of link or image the page ever loads from user data. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** An avatar: the image at an http(s) URL, the emoji, or the name's first letter on a colour of its own. */
export function avatar(value: string, name: string, userId: string): HTMLElement {
  if (isHttpUrl(value)) {
    const image = h("img", { class: "avatar", alt: "", src: value, loading: "lazy", referrerpolicy: "no-referrer" });
    image.addEventListener("error", () => image.replaceWith(initial(name, userId)), { once: true });
    return image;
  }

  return value.length > 0 ? h("span", { class: "avatar emoji", "aria-hidden": "true" }, value) : initial(name, userId);
}

function initial(name: string, userId: string): HTMLElement {
  const letter = Array.from(name.trim() || userId)[0]?.toUpperCase() ?? "?";
  const element = h("span", { class: "avatar letter", "aria-hidden": "true" }, letter);
  element.style.setProperty("--hue", String(hue(userId)));
  return element;
}

function hue(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (hash * 31 + text.charCodeAt(i)) | 0;
  }

  return Math.abs(hash) % 360;
}

/** Message text with http(s) links made clickable; everything else stays text. */
export function linkified(text: string): (Node | string)[] {
  const parts: (Node | string)[] = [];
  const pattern = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    parts.push(text.slice(last, index));
    parts.push(h("a", { href: match[0], target: "_blank", rel: "noopener noreferrer" }, match[0]));
    last = index + match[0].length;
  }

  parts.push(text.slice(last));
  return parts;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A <time> element: hours and minutes shown, the full date as a tooltip. */
export function time(unixMs: number): HTMLTimeElement {
  const date = new Date(unixMs);
  return h("time", { datetime: date.toISOString(), title: dateTimeFormat.format(date) }, timeFormat.format(date));
}
