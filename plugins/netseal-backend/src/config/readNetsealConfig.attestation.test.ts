import { generateKeyPairSync } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { readNetsealConfig } from './readNetsealConfig';

const read = (netseal: object) =>
  readNetsealConfig(new ConfigReader({ netseal }));

const pem = { privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;
const ed25519Pem = () => generateKeyPairSync('ed25519', pem).privateKey;
const ecPem = (namedCurve: string) =>
  generateKeyPairSync('ec', { namedCurve, ...pem }).privateKey;

describe('netseal.attestation.privateKey', () => {
  it('signs nothing when left out', () => {
    expect(read({}).attestation).toBeUndefined();
  });

  it('takes an Ed25519 key and an ECDSA P-256 key, with their public halves', () => {
    const ed25519 = read({
      attestation: { privateKey: ed25519Pem() },
    }).attestation;
    const p256 = read({
      attestation: {
        privateKey: ecPem('prime256v1'),
      },
    }).attestation;

    expect(ed25519?.algorithm).toBe('ed25519');
    expect(ed25519?.publicKey.type).toBe('public');
    expect(p256?.algorithm).toBe('ecdsa-p256');
  });

  it('refuses another kind of key, naming the setting and the kinds it takes', () => {
    expect(() =>
      read({
        attestation: { privateKey: ecPem('secp384r1') },
      }),
    ).toThrow(
      /^netseal\.attestation\.privateKey is a ec \(secp384r1\) key; Netseal signs with Ed25519 or ECDSA P-256 only/,
    );
  });

  it('refuses text that is no key without repeating it, and an empty one', () => {
    const secretLooking = 'not-a-key-but-maybe-a-secret';
    let message = '';
    try {
      read({ attestation: { privateKey: secretLooking } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^netseal\.attestation\.privateKey is not a readable private key .*give a PEM private key/,
    );
    expect(message).not.toContain(secretLooking);
    expect(() => read({ attestation: { privateKey: ' ' } })).toThrow(
      /netseal\.attestation\.privateKey is missing or empty/,
    );
  });
});
