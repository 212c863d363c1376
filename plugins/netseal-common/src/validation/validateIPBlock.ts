import {
  ProblemCollector,
  childPath,
  indexPath,
  quote,
} from './ProblemCollector';
import { ParsedCidr, formatCidr, isStrictSubset, parseCidr } from './cidr';

const IP_BLOCK_FIELDS = ['cidr', 'except'];

/** ValidateIPBlock (pkg/apis/networking/validation) with strict CIDR validation. */
export function validateIPBlock(
  value: unknown,
  path: string,
  problems: ProblemCollector,
): void {
  const ipBlock = problems.object(value, path, IP_BLOCK_FIELDS);
  if (!ipBlock) {
    return;
  }
  const cidrPath = childPath(path, 'cidr');
  let cidr: ParsedCidr | undefined;
  if (ipBlock.cidr === undefined || ipBlock.cidr === '') {
    problems.add(
      cidrPath,
      'is required: a CIDR such as 10.0.0.0/8 or 2001:db8::/32',
    );
  } else {
    const text = problems.string(ipBlock.cidr, cidrPath);
    if (text !== undefined) {
      const parsed = parseCidr(text);
      cidr = parsed.cidr;
      for (const problem of parsed.problems) {
        problems.add(cidrPath, `${quote(text)} ${problem}`);
      }
    }
  }

  const exceptPath = childPath(path, 'except');
  if (!problems.present(ipBlock.except, exceptPath)) {
    return;
  }
  const excepts = problems.array(ipBlock.except, exceptPath);
  excepts?.forEach((item, index) => {
    if (problems.full) {
      return;
    }
    const itemPath = indexPath(exceptPath, index);
    const text = problems.string(item, itemPath);
    if (text === undefined) {
      return;
    }
    const parsed = parseCidr(text);
    for (const problem of parsed.problems) {
      problems.add(itemPath, `${quote(text)} ${problem}`);
    }
    if (!parsed.cidr || !cidr) {
      return;
    }
    if (parsed.cidr.family !== cidr.family) {
      problems.add(
        itemPath,
        `${quote(text)} must be an IPv${
          cidr.family
        } CIDR, like cidr ${formatCidr(cidr)}`,
      );
    } else if (!isStrictSubset(parsed.cidr, cidr)) {
      problems.add(
        itemPath,
        `${quote(text)} must be a strict subset of cidr ${formatCidr(cidr)}: ` +
          'inside it and with a longer prefix',
      );
    }
  });
}
