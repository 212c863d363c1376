import { Lexer } from 'yaml';
import { MAX_MANIFEST_FLOW_NESTING } from './limits';

/**
 * Whether flow collections nest deeper than {@link MAX_MANIFEST_FLOW_NESTING}, decided before the
 * file is parsed. Counting brackets bounds the depth from above and settles almost every
 * file in one cheap pass; only files with many brackets are tokenised by the `yaml` lexer,
 * which tells flow brackets from brackets inside scalars and comments.
 */
export function exceedsFlowNesting(text: string): boolean {
  let opening = 0;
  for (const bracket of ['[', '{']) {
    let index = text.indexOf(bracket);
    while (index !== -1 && opening <= MAX_MANIFEST_FLOW_NESTING) {
      opening += 1;
      index = text.indexOf(bracket, index + 1);
    }
  }
  if (opening <= MAX_MANIFEST_FLOW_NESTING) {
    return false;
  }
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      depth += 1;
      if (depth > MAX_MANIFEST_FLOW_NESTING) {
        return true;
      }
    } else if (token === ']' || token === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return false;
}
