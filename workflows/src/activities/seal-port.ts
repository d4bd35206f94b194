// The institution's electronic seal (segel elektronik, issue 21) on a signed
// document of a type the admin marks as sealed: the certificate provider
// seals the newest (signed) version through its gateway (contract v2), and
// the result is the document's next version, reason `sealed`, audited. When
// no provider with a seal is configured, or the provider fails, the document
// goes on to its archive unsealed and the audit trail says why: a seal must
// never hold up a signed letter, and a lost answer is never sent again blindly.
import type { Client as MinioClient } from 'minio';
import {
  claimWorkflowStep, isSealedDocumentType, lockDocument, recordAudit, recordDocumentVersion, sealSubject,
  type AuditActor, type DomainEntityManager, type DomainOrm,
} from '@naskah/domain';
import { putVersion } from '@naskah/archive';
import { gatewayProvider, isSigningError, loadGatewayDirectory, type GatewayConfig } from '@naskah/signing';
import type { SealPort, StepKey } from './ports.js';

export interface SealPortOptions {
  orm: DomainOrm;
  minio: MinioClient;
  buckets: { documents: string };
  /** SIGNING_GATEWAYS_FILE: the agencies' certificate providers; unset = none, nothing is sealed. */
  gatewaysFile?: string | undefined;
}

type Sealable = { gateway: GatewayConfig & { seal: { activationCode: string } } } | { skipped: string };

/** The agency's provider with a seal Naskah may use on its own, or why there is none (said in the audit event). */
function sealingGateway(gatewaysFile: string | undefined, agencyCode: string): Sealable {
  if (!gatewaysFile) return { skipped: 'no certificate provider is configured (SIGNING_GATEWAYS_FILE)' };
  let config: GatewayConfig;
  try {
    config = loadGatewayDirectory(gatewaysFile).forAgency(agencyCode);
  } catch (error) {
    return { skipped: isSigningError(error) ? `${error.code}: ${error.message}` : 'the gateway configuration cannot be read' };
  }
  if (config.apiVersion !== 'v2') return { skipped: `the provider ${config.name} speaks contract v1, which has no electronic seal` };
  if (!config.seal) return { skipped: `no electronic seal is configured at ${config.name}` };
  if (!config.seal.activationCode) return { skipped: `the seal at ${config.name} has no activation code file (seal.activationCodeFile)` };
  return { gateway: { ...config, seal: { ...config.seal, activationCode: config.seal.activationCode } } };
}

export function sealPort({ orm, minio, buckets, gatewaysFile }: SealPortOptions): SealPort {
  const tx = <T>(work: (em: DomainEntityManager) => Promise<T>) => orm.em.fork().transactional(work);
  const actor = (key: StepKey): AuditActor => ({ id: null, name: `workflow ${key.workflowId}/${key.stepKey}` });

  async function skip(key: StepKey, documentId: number, agencyId: number, why: string): Promise<null> {
    await tx(async (em) => {
      if (!(await claimWorkflowStep(em, `${key.workflowId}/${key.stepKey}`))) return;
      await recordAudit(em, { actor: actor(key), action: 'document.seal_skipped', subjectType: 'document', subjectId: documentId, agencyId, data: { reason: why } });
    });
    return null;
  }

  async function objectBytes(objectKey: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await minio.getObject(buckets.documents, objectKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  return {
    async applySeal(key: StepKey, documentId: string): Promise<{ version: number; sha256: string } | null> {
      const id = Number(documentId);
      const em = orm.em.fork();
      const subject = await sealSubject(em, id);
      if (!subject) throw new Error(`document ${id} not found`);
      if (!(await isSealedDocumentType(em, subject.type))) return null;
      // A retry after the seal was stored finds it on top.
      if (subject.version.reason === 'sealed') return { version: subject.version.no, sha256: subject.version.sha256 };
      const sealable = sealingGateway(gatewaysFile, subject.agencyCode);
      if ('skipped' in sealable) return skip(key, id, subject.agencyId, sealable.skipped);
      const provider = gatewayProvider(sealable.gateway);
      let sealed: Buffer;
      try {
        // One seal TOTP for this one document; the code lives only in this call.
        const totp = await provider.requestSealTotp(sealable.gateway.seal.activationCode, 1);
        sealed = (await provider.sealDocument({ pdf: await objectBytes(subject.version.objectKey), totp, appearance: { visible: false }, reason: 'Segel elektronik instansi' })).pdf;
      } catch (error) {
        // Never a blind second seal: a refusal or a lost answer archives the signed version as it is.
        if (!isSigningError(error)) throw error;
        return skip(key, id, subject.agencyId, `${sealable.gateway.name} did not seal: ${error.code}`);
      }
      const stored = await putVersion({ client: minio, buckets: { versions: buckets.documents } }, sealed);
      return tx(async (em) => {
        await lockDocument(em, id);
        const now = await sealSubject(em, id);
        if (now?.version.reason === 'sealed') return { version: now.version.no, sha256: now.version.sha256 };
        const { no } = await recordDocumentVersion(em, {
          documentId: id, agencyId: subject.agencyId, objectKey: stored.key, sha256: stored.sha256, size: stored.size, reason: 'sealed',
          authorId: subject.drafterId, actor: actor(key),
        });
        await recordAudit(em, {
          actor: actor(key), action: 'document.sealed', subjectType: 'document', subjectId: id, agencyId: subject.agencyId,
          data: { version: no, sha256: stored.sha256, provider: sealable.gateway.name, seal: sealable.gateway.seal.name, sealedVersion: subject.version.no },
        });
        return { version: no, sha256: stored.sha256 };
      });
    },
  };
}
