import { useGetManyAggregate, useLocale, useTranslate, type RaRecord } from 'react-admin';
import { auditSystemActorLabel } from '@naskah/domain/rulebook';

/**
 * The audit chain stores the actor as written at the time ("person 7",
 * "workflow doc-5@…"): hashed, so never rewritten. A reader sees the person's
 * name (looked up by actorId, batched across the list) or "Sistem (alur kerja)".
 */
function usePersonName(id: number | null | undefined): { name?: string; failed: boolean } {
  const { data, error } = useGetManyAggregate('people', { ids: id ? [id] : [] }, { enabled: Boolean(id), retry: false });
  return { name: (data?.[0] as { name?: string } | undefined)?.name, failed: Boolean(error) };
}

function actorFallback(actorName: string, translate: ReturnType<typeof useTranslate>, locale: string): string {
  const system = auditSystemActorLabel(actorName, locale === 'en' ? 'en' : 'id');
  if (system) return system;
  const person = /^person (\d+)$/.exec(actorName);
  if (person) return translate('naskah.audit.person', { id: person[1] });
  return actorName;
}

function OnBehalfOf({ text }: { text: string }) {
  const translate = useTranslate();
  // Written as "<plh|plt|an|ub> for person <id>" by the workflow activities.
  const match = /^(plh|plt|an|ub) for person (\d+)$/.exec(text);
  const { name } = usePersonName(match ? Number(match[2]) : null);
  if (!match) return <> ({text})</>;
  return <> ({translate('naskah.audit.onBehalfOf', { kind: translate(`naskah.enum.delegationKind.${match[1]}`), name: name ?? translate('naskah.audit.person', { id: match[2] }) })})</>;
}

export function AuditActor({ event }: { event: RaRecord }) {
  const translate = useTranslate();
  const locale = useLocale();
  const actorId = typeof event.actorId === 'number' ? event.actorId : null;
  const actorName = String(event.actorName ?? (event.actor as { name?: string } | undefined)?.name ?? '');
  const { name, failed } = usePersonName(actorId);
  const shown = actorId && !failed ? (name ?? '') : actorFallback(actorName, translate, locale);
  return (
    <span data-testid="audit-actor">
      {shown}
      {typeof event.onBehalfOf === 'string' && event.onBehalfOf ? <OnBehalfOf text={event.onBehalfOf} /> : null}
    </span>
  );
}
