import { LineCounter, parseAllDocuments } from 'yaml';
import { lineOfPath } from './lineOfPath';

const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
        except:
        - 10.0.1.0/24
        - 10.0.2.0/24
`;

function line(path: string, basePath: Array<string | number> = []): number {
  const lineCounter = new LineCounter();
  const [document] = parseAllDocuments(text, { lineCounter });
  return lineOfPath(document, lineCounter, basePath, path);
}

describe('lineOfPath', () => {
  it('finds the line of a sequence item deep in the spec', () => {
    expect(line('spec.ingress[0].from[0].ipBlock.except[1]')).toBe(16);
  });

  it('finds a map entry by its key, not by its block value on the next line', () => {
    expect(line('spec.podSelector')).toBe(8);
    expect(line('spec.ingress[0].from[0].ipBlock.except')).toBe(14);
  });

  it('finds keys with dots, whether the path writes them dotted or bracketed', () => {
    expect(line('metadata.labels["app.kubernetes.io/name"]')).toBe(6);
    expect(line('metadata.labels.app.kubernetes.io/name')).toBe(6);
  });

  it('points at the deepest existing entry for a field that is missing', () => {
    expect(line('metadata.annotations["netseal.io/seal"]')).toBe(3);
    expect(line('spec.ingress[3].ports')).toBe(10);
  });

  it('points at the start of the document for the root path', () => {
    expect(line('')).toBe(1);
  });
});
