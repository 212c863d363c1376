import { JsonValue } from '../api/types';
import {
  CelCompileError,
  compileExpression,
  fromCel,
  toCel,
} from './celExpression';

const object: JsonValue = {
  metadata: { name: 'allow-web', labels: { 'netseal.io/sealed': 'true' } },
  spec: {
    podSelector: {},
    ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }, { port: 443 }] }],
    ratio: 0.5,
  },
};

function run(expression: string): JsonValue {
  return fromCel(
    compileExpression(expression).evaluate({ object: toCel(object) }),
  );
}

describe('CEL as Kubernetes admission sees it', () => {
  it.each<[string, JsonValue]>([
    ['object.spec.ingress[0].ports[0].port == 8080', true],
    ['object.spec.ingress[0].ports[0].port + 1', 8081],
    ['object.spec.ratio * 2.0', 1],
    ['size(object.spec.ingress) > 0', true],
    ['has(object.spec.egress)', false],
    ['has(object.spec.podSelector)', true],
    ["'netseal.io/sealed' in object.metadata.labels", true],
    ["object.metadata.labels['netseal.io/sealed'] == 'true'", true],
    ['object.spec.ingress[0].ports.all(p, p.port > 0)', true],
    ['object.spec.ingress[0].ports.exists(p, p.port == 443)', true],
    ['object.spec.ingress[0].ports.exists_one(p, has(p.protocol))', true],
    ['object.spec.ingress[0].ports.map(p, p.port)', [8080, 443]],
    ['object.spec.ingress[0].ports.filter(p, p.port < 1000).size()', 1],
    [
      "object.metadata.name.startsWith('allow') && object.metadata.name.endsWith('web') && object.metadata.name.contains('-')",
      true,
    ],
    ["object.metadata.name.split('-')", ['allow', 'web']],
    ["object.metadata.name.matches('^allow-')", true],
  ])('%s → %j', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('fails at evaluation on a missing key', () => {
    expect(() => run('object.spec.egress.size() > 0')).toThrow(
      'no such key: egress',
    );
  });

  it('refuses syntax errors, undeclared variables and unknown functions at compile time', () => {
    expect(() => compileExpression('object.(')).toThrow(CelCompileError);
    expect(() => compileExpression('objct.spec')).toThrow(
      "undeclared reference to 'objct'",
    );
    expect(() =>
      compileExpression('object.metadata.name.frobnicate()'),
    ).toThrow("undeclared reference to 'frobnicate'");
    expect(() =>
      compileExpression('object.spec.ingress.all(rule, rule != null)'),
    ).not.toThrow();
  });

  it('does not parse the optional field syntax (?.)', () => {
    expect(() => compileExpression('object.?spec')).toThrow(CelCompileError);
  });

  it('lists the variables an expression reads', () => {
    expect(
      compileExpression('variables.a && variables.b || object != null')
        .variableReferences,
    ).toEqual(['a', 'b']);
  });
});
