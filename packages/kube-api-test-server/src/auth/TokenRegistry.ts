import { randomBytes } from 'node:crypto';
import { UserInfo } from '../api/types';

/** What a token may do to a resource: read is get, list and watch; write is every verb. */
export type AccessLevel = 'none' | 'read' | 'write';

/** One bearer token the server accepts, and the user and rights it stands for. */
export interface TokenSpec {
  /** The bearer token itself; generated when left out. */
  token?: string;
  username: string;
  /** The user's uid, as a static token file's third column gives it. */
  uid?: string;
  groups?: string[];
  /** Rights on every resource not listed in `resources`. */
  access: AccessLevel;
  /** Rights per resource, keyed `networkpolicies.networking.k8s.io`, `pods` or `namespaces`. */
  resources?: Record<string, AccessLevel>;
  /** When given, the rights hold only inside these namespaces (and cluster-scoped reads of them). */
  namespaces?: string[];
}

/** A token with its name, as a kubeconfig user is named after it. */
export interface ResolvedToken
  extends Required<Pick<TokenSpec, 'token' | 'username' | 'access'>> {
  name: string;
  uid?: string;
  groups: string[];
  resources: Record<string, AccessLevel>;
  namespaces?: string[];
}

/** The attributes an authorizer sees (k8s.io/apiserver authorizer.Attributes). */
export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

const readVerbs = new Set(['get', 'list', 'watch']);

/** The tokens a server knows, when the caller names none: a writer and a reader. */
export function defaultTokens(): Record<string, TokenSpec> {
  return {
    admin: {
      username: 'kube-admin',
      groups: ['system:masters'],
      access: 'write',
    },
    reader: {
      username: 'netseal-reader',
      groups: ['netseal:readers'],
      access: 'read',
    },
  };
}

/** Bearer-token authentication and a small rights model in place of RBAC. */
export class TokenRegistry {
  private readonly byName = new Map<string, ResolvedToken>();
  private readonly byToken = new Map<string, ResolvedToken>();

  constructor(tokens: Record<string, TokenSpec>) {
    for (const [name, spec] of Object.entries(tokens)) {
      const resolved: ResolvedToken = {
        name,
        token: spec.token ?? randomBytes(24).toString('base64url'),
        username: spec.username,
        uid: spec.uid,
        groups: [...(spec.groups ?? []), 'system:authenticated'],
        access: spec.access,
        resources: spec.resources ?? {},
        namespaces: spec.namespaces,
      };
      if (this.byToken.has(resolved.token)) {
        throw new Error(
          `token "${name}" repeats the value of another token; give each token its own value`,
        );
      }
      this.byName.set(name, resolved);
      this.byToken.set(resolved.token, resolved);
    }
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  byTokenName(name: string): ResolvedToken {
    const token = this.byName.get(name);
    if (!token) {
      throw new Error(
        `no token named "${name}"; known tokens: ${this.names().join(', ')}`,
      );
    }
    return token;
  }

  /** The token an `Authorization: Bearer` header carries, if the server knows it. */
  authenticate(header: string | undefined): ResolvedToken | undefined {
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    return match ? this.byToken.get(match[1]) : undefined;
  }

  /** Whether the token's rights allow the request. */
  authorize(token: ResolvedToken, attributes: RequestAttributes): boolean {
    if (token.namespaces) {
      const scoped =
        attributes.resource === 'namespaces'
          ? attributes.name
          : attributes.namespace;
      if (!scoped || !token.namespaces.includes(scoped)) return false;
    }
    const key = attributes.group
      ? `${attributes.resource}.${attributes.group}`
      : attributes.resource;
    const access = token.resources[key] ?? token.access;
    if (access === 'write') return true;
    if (access === 'read') return readVerbs.has(attributes.verb);
    return false;
  }

  /** The user-facing reason of a 403, exactly as RBAC words it. */
  static forbiddenReason(
    user: UserInfo,
    attributes: RequestAttributes,
  ): string {
    const scope = attributes.namespace
      ? `in the namespace "${attributes.namespace}"`
      : 'at the cluster scope';
    return `User "${user.username}" cannot ${attributes.verb} resource "${attributes.resource}" in API group "${attributes.group}" ${scope}`;
  }
}
