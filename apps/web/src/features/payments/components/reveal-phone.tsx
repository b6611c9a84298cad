import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { api, unwrap } from '@/lib/api-client';
import { errorMessage } from '@/lib/api-error';

/**
 * The masked number, and for the owner a "Show number" button: the API returns the full number
 * and records who asked (audit log "Showed a buyer's full phone number").
 */
export function RevealPhone({ paymentId, masked, canReveal }: { paymentId: string; masked: string | null; canReveal: boolean }) {
  const reveal = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/payments/{id}/phone', { params: { path: { id: paymentId } } })) });
  if (!masked) return <>—</>;
  if (reveal.data) {
    return (
      <>
        <a href={`tel:+${reveal.data.phone}`} className="mono">
          {reveal.data.display}
        </a>
        <span className="muted small block">Shown to you and recorded in the audit log.</span>
      </>
    );
  }
  return (
    <>
      <span className="mono">{masked}</span>{' '}
      {canReveal ? (
        <Button size="sm" variant="secondary" loading={reveal.isPending} onClick={() => reveal.mutate()} aria-label={`Show the full number of ${masked}`}>
          Show number
        </Button>
      ) : null}
      {reveal.isError ? (
        <span className="field-error block" role="alert">
          {errorMessage(reveal.error)}
        </span>
      ) : null}
    </>
  );
}
