/**
 * Just enough PromQL reading for the ops specs: the vector selectors of an expression (metric name and
 * label matchers), without a full parser. Function and aggregation names are told apart by the `(` that
 * follows them; label lists after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right` are skipped.
 */
export interface Selector {
  metric: string;
  /** The matchers as written, e.g. `{check="database"}`, or '' when none. */
  matchers: string;
  /** The label names the matchers use. */
  labels: string[];
}

// Aggregations may be followed by `by (…)` rather than `(`.
const AGGREGATIONS = ['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile'];
const KEYWORDS = new Set([...AGGREGATIONS, 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** Index just past the bracket group that starts at `from` (`{…}`, `[…]` or `(…)`), quotes respected. */
function skipGroup(expression: string, from: number): number {
  const open = expression[from];
  const close = open === '{' ? '}' : open === '[' ? ']' : ')';
  let depth = 0;
  for (let i = from; i < expression.length; i++) {
    const char = expression[i];
    if (char === '"' || char === "'") {
      i = expression.indexOf(char, i + 1);
      continue;
    }
    if (char === open) depth++;
    if (char === close && --depth === 0) return i + 1;
  }
  return expression.length;
}

export function selectorsOf(expression: string): Selector[] {
  const selectors: Selector[] = [];
  let i = 0;
  while (i < expression.length) {
    const char = expression[i];
    if (char === '"' || char === "'") {
      i = expression.indexOf(char, i + 1) + 1;
      continue;
    }
    if (char === '[') {
      i = skipGroup(expression, i);
      continue;
    }
    if (char === '{') {
      // A selector by matchers alone ({__name__=…}) names no metric this reader can check.
      i = skipGroup(expression, i);
      continue;
    }
    const identifier = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expression.slice(i));
    if (!identifier || (i > 0 && /[0-9.]/.test(expression[i - 1]))) {
      i++;
      continue;
    }
    const name = identifier[0];
    let next = i + name.length;
    while (expression[next] === ' ' || expression[next] === '\n') next++;
    if (LABEL_LISTS.has(name.toLowerCase()) && expression[next] === '(') {
      i = skipGroup(expression, next);
      continue;
    }
    if (KEYWORDS.has(name.toLowerCase()) || expression[next] === '(') {
      i += name.length;
      continue;
    }
    let matchers = '';
    if (expression[next] === '{') {
      const end = skipGroup(expression, next);
      matchers = expression.slice(next, end);
      next = end;
    } else {
      next = i + name.length;
    }
    const labels = [...matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((match) => match[1]);
    selectors.push({ metric: name, matchers, labels });
    i = next;
  }
  return selectors;
}

/** The metric family a sample name belongs to (`x_bucket`, `x_sum`, `x_count` → `x` when `x` is a histogram). */
export function familyOf(metric: string, families: ReadonlySet<string>): string | undefined {
  if (families.has(metric)) return metric;
  const base = metric.replace(/_(bucket|sum|count)$/, '');
  return families.has(base) ? base : undefined;
}
