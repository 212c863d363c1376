import { Lexer } from 'yaml';
import { MAX_MANIFEST_FLOW_NESTING } from './limits';

const OPEN_BRACKET = '['.charCodeAt(0);
const OPEN_BRACE = '{'.charCodeAt(0);

/**
 * Whether flow collections nest deeper than {@link MAX_MANIFEST_FLOW_NESTING}, decided before the
 * file is parsed. Counting brackets bounds the depth from above and settles almost every
 * file in one cheap pass; only files with many brackets are tokenised by the `yaml` lexer,
 * which tells flow brackets from brackets inside scalars and comments.
 */
export function exceedsFlowNesting(text: string): boolean {
  let opening = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      opening += 1;
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
