// Evaluates a CloudWatch Logs JSON filter pattern against one log event, for exactly the
// subset that shared/triggers/filter-pattern.ts emits: `{ expr }` with `&&`, `||`, parentheses and
// conditions `$.a.b = value` (a quoted string, `*` a wildcard, or an integer), `$.a.b < integer` and
// `$.a.b NOT EXISTS`. Anything else is a parse error, so the generator cannot drift into syntax
// the tests do not understand. A message that is not a JSON object matches nothing, as
// in CloudWatch Logs (non-JSON streams of the cluster log group never match).

type Node =
  | { kind: "or" | "and"; items: Node[] }
  | { kind: "cond"; path: string[]; op: "=" | "<"; value: string | number }
  | { kind: "absent"; path: string[] };

const TOKEN = /\s*(\{|\}|\(|\)|&&|\|\||=|<|NOT EXISTS|\$(?:\.[A-Za-z0-9_]+)+|"[^"\\]*"|-?\d+)/y;

export function parseFilterPattern(pattern: string): Node {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < pattern.length && (m = TOKEN.exec(pattern))) tokens.push(m[1]!);
  if (pattern.slice(TOKEN.lastIndex).trim() !== "") {
    throw new Error(`filter pattern: unexpected text at ${TOKEN.lastIndex}: ${pattern.slice(TOKEN.lastIndex, TOKEN.lastIndex + 20)}`);
  }
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (want?: string): string => {
    const t = tokens[i++];
    if (t === undefined || (want !== undefined && t !== want)) throw new Error(`filter pattern: expected ${want ?? "a token"}, got ${t ?? "end"}`);
    return t;
  };
  const expr = (): Node => {
    const items = [and()];
    while (peek() === "||") { take(); items.push(and()); }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  };
  const and = (): Node => {
    const items = [primary()];
    while (peek() === "&&") { take(); items.push(primary()); }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  };
  const primary = (): Node => {
    if (peek() === "(") { take("("); const e = expr(); take(")"); return e; }
    const sel = take();
    if (!sel.startsWith("$.")) throw new Error(`filter pattern: expected a $. selector, got ${sel}`);
    const op = take();
    if (op === "NOT EXISTS") return { kind: "absent", path: sel.slice(2).split(".") };
    if (op !== "=" && op !== "<") throw new Error(`filter pattern: bad operator ${op}`);
    const raw = take();
    const value = raw.startsWith('"') ? raw.slice(1, -1) : Number(raw);
    if (typeof value === "number" && !Number.isInteger(value)) throw new Error(`filter pattern: bad value ${raw}`);
    if (typeof value === "string" && op === "<") throw new Error("filter pattern: < takes a number");
    return { kind: "cond", path: sel.slice(2).split("."), op, value };
  };
  take("{");
  const root = expr();
  take("}");
  if (i !== tokens.length) throw new Error("filter pattern: text after the closing brace");
  return root;
}

/** True when the log event message (a JSON string) matches the pattern. */
export function matchesFilterPattern(pattern: string, message: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return false;
  }
  return evaluate(parseFilterPattern(pattern), value);
}

export function evaluate(node: Node, doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null) return false;
  switch (node.kind) {
    case "or": return node.items.some((n) => evaluate(n, doc));
    case "and": return node.items.every((n) => evaluate(n, doc));
    case "absent": return resolve(doc, node.path) === undefined;
    case "cond": {
      const field = resolve(doc, node.path);
      if (typeof node.value === "string") {
        if (typeof field !== "string") return false;
        // `*` in a string value is CloudWatch's wildcard (`"*"`: any string value).
        if (!node.value.includes("*")) return field === node.value;
        return new RegExp(`^${node.value.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s").test(field);
      }
      if (typeof field !== "number") return false;
      return node.op === "=" ? field === node.value : field < node.value;
    }
  }
}

function resolve(doc: unknown, path: string[]): unknown {
  let cur: unknown = doc;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
