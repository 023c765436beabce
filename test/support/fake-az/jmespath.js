"use strict";
/**
 * The JMESPath subset the pipeline scripts use in `--query` (az applies JMESPath to the result before
 * formatting): field paths, `[]` projections, `[?field=='literal']` filters, `[N]` indexes,
 * multiselect lists `[a, b.c]` and `|` pipes. Anything else throws, so a script that starts using
 * another form fails loudly in the tests instead of silently getting null.
 */

function splitTopLevel(text, separator) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === "`" || c === '"') quote = c;
    else if (c === "[" || c === "{" || c === "(") depth++;
    else if (c === "]" || c === "}" || c === ")") depth--;
    else if (depth === 0 && text.startsWith(separator, i) && !(separator === "|" && text[i + 1] === "|")) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** Tokens of one pipe segment: {field}, {flatten}, {index}, {filter}, {multi}. */
function tokenize(expr) {
  const tokens = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === ".") {
      i++;
      continue;
    }
    if (c === "[") {
      let depth = 0;
      let j = i;
      let quote = null;
      for (; j < expr.length; j++) {
        const d = expr[j];
        if (quote) {
          if (d === quote) quote = null;
        } else if (d === "'" || d === "`") quote = d;
        else if (d === "[") depth++;
        else if (d === "]" && --depth === 0) break;
      }
      const inner = expr.slice(i + 1, j).trim();
      i = j + 1;
      if (inner === "") tokens.push({ kind: "flatten" });
      else if (/^-?\d+$/.test(inner)) tokens.push({ kind: "index", index: Number(inner) });
      else if (inner.startsWith("?")) {
        const m = /^\?\s*([\w.]+)\s*(==|!=)\s*'([^']*)'$/.exec(inner);
        if (!m) throw new Error(`fake az: unsupported JMESPath filter [${inner}]`);
        tokens.push({ kind: "filter", path: m[1], op: m[2], value: m[3] });
      } else tokens.push({ kind: "multi", items: splitTopLevel(inner, ",") });
      continue;
    }
    const m = /^[A-Za-z_][\w]*/.exec(expr.slice(i));
    if (!m) throw new Error(`fake az: unsupported JMESPath expression "${expr}" at "${expr.slice(i)}"`);
    tokens.push({ kind: "field", name: m[0] });
    i += m[0].length;
  }
  return tokens;
}

function getPath(value, path) {
  return path.split(".").reduce((v, k) => (v && typeof v === "object" && !Array.isArray(v) ? (v[k] ?? null) : null), value);
}

function apply(tokens, value) {
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (value === null || value === undefined) return null;
    switch (token.kind) {
      case "field":
        value = typeof value === "object" && !Array.isArray(value) ? (value[token.name] ?? null) : null;
        break;
      case "index":
        if (!Array.isArray(value)) return null;
        value = value[token.index < 0 ? value.length + token.index : token.index] ?? null;
        break;
      case "multi":
        value = token.items.map((item) => evaluate(item, value));
        break;
      case "flatten":
      case "filter": {
        if (!Array.isArray(value)) return null;
        let items = token.kind === "flatten" ? value.flatMap((v) => (Array.isArray(v) ? v : [v])) : value;
        if (token.kind === "filter") {
          items = items.filter((v) => {
            const got = getPath(v, token.path);
            return token.op === "==" ? got === token.value : got !== token.value;
          });
        }
        const rest = tokens.slice(t + 1);
        return items.map((v) => apply(rest, v)).filter((v) => v !== null && v !== undefined);
      }
    }
  }
  return value;
}

function evaluate(expression, data) {
  let value = data;
  for (const segment of splitTopLevel(expression, "|")) value = apply(tokenize(segment), value);
  return value ?? null;
}

module.exports = { evaluate };
