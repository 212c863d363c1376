import { StatusReason } from '../api/status';
import { KubeObject, UserInfo } from '../api/types';

/** What an admission hook sees, after the API server's own defaulting and validation. */
export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  /** The object to be stored; absent on DELETE. */
  object?: KubeObject;
  /** The stored object; absent on CREATE. */
  oldObject?: KubeObject;
  userInfo: UserInfo;
  name: string;
  namespace?: string;
  resource: { group: string; version: string; resource: string };
  kind: { group: string; version: string; kind: string };
  dryRun: boolean;
}

/** An admission decision; a denial becomes the Status the client receives. */
export type AdmissionResult =
  | { allowed: true }
  | { allowed: false; message: string; code?: number; reason?: StatusReason };

/**
 * A validating admission hook, called on create, update and delete (as a
 * ValidatingAdmissionPolicy would be). It must not change the object.
 */
export type AdmissionHook = (
  attributes: AdmissionAttributes,
) => AdmissionResult | Promise<AdmissionResult>;
