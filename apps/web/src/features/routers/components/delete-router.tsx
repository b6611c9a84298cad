import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { errorMessage } from '@/lib/api-error';
import { useDeleteRouter } from '../api/router-mutations';
import type { RouterDto } from '../api/types';

/**
 * "Remove this router from Wavu" (owner only, confirmed first). Nothing changes on the router
 * itself: its hotspot users stay until someone removes them there.
 */
export function DeleteRouter({ router, onDeleted }: { router: RouterDto; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteRouter(router.id);
  return (
    <Card title="Remove this router">
      <p className="muted">
        Wavu stops managing and monitoring it, and forgets its sync history. Nothing is changed on the router: its hotspot users keep working until they expire or you remove them there.
      </p>
      <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
        Remove router
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Remove ${router.name}?`}
        description={<p>It disappears from the routers list and no voucher can be pushed to it any more. Vouchers and payments already recorded stay in your reports.</p>}
        confirmLabel="Remove router"
        tone="danger"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
        onConfirm={() => remove.mutate(undefined, { onSuccess: onDeleted })}
      />
    </Card>
  );
}
