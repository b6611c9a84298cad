import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject, filter } from 'rxjs';

/** What an open dashboard hears about, without reloading (docs/product.md §9 "live updates"). */
export type LiveUpdate =
  | { type: 'router.status'; providerId: string; data: { routerId: string; name: string; status: string; previousStatus: string; at: string } }
  | { type: 'router.sessions'; providerId: string; data: { routerId: string; activeSessions: number } }
  | { type: 'payment.settled'; providerId: string; data: { paymentId: string; amount: number; currency: string; planName: string; phoneMasked: string | null; at: string } };

/** Who listens: one provider's events, or every provider's (the super admin). */
export type LiveAudience = { providerId: string } | { allProviders: true };

/**
 * In-process publish/subscribe for live dashboard updates. Modules publish small, already
 * masked facts (never secrets or full phone numbers); the SSE endpoint filters them per
 * tenant. One API instance only: with several instances behind a load balancer a client
 * hears the events of the instance it is connected to (see README, "Live updates").
 */
@Injectable()
export class LiveUpdatesBus implements OnModuleDestroy {
  private readonly subject = new Subject<LiveUpdate>();
  /** user ids whose sessions ended (deactivated, password changed): their open streams close */
  private readonly ended = new Subject<string>();

  publish(event: LiveUpdate): void {
    this.subject.next(event);
  }

  stream(audience: LiveAudience): Observable<LiveUpdate> {
    return this.subject.asObservable().pipe(filter((e) => 'allProviders' in audience || e.providerId === audience.providerId));
  }

  /** Closes every open stream of this user (never sent to clients). */
  endSessions(userId: string): void {
    this.ended.next(userId);
  }

  /** Emits once when the user's sessions end. */
  sessionEnds(userId: string): Observable<string> {
    return this.ended.asObservable().pipe(filter((id) => id === userId));
  }

  onModuleDestroy(): void {
    this.subject.complete();
    this.ended.complete();
  }
}
