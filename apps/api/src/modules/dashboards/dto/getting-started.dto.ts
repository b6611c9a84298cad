import { ApiProperty } from '@nestjs/swagger';

export const GETTING_STARTED_STEPS = ['router', 'connected', 'plan', 'mpesa', 'sale'] as const;
export type GettingStartedStepKey = (typeof GETTING_STARTED_STEPS)[number];

export class GettingStartedStepDto {
  @ApiProperty({
    enum: GETTING_STARTED_STEPS,
    enumName: 'GettingStartedStep',
    description:
      'router: a router is added; connected: a router answered the platform (test connection or monitoring); plan: an active plan is offered on a router; mpesa: M-Pesa collection is set up; sale: a first M-Pesa sale (or a voucher sold or used)',
  })
  key: GettingStartedStepKey;

  @ApiProperty({ description: 'Computed from what the database holds now' }) done: boolean;
}

export class GettingStartedDto {
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [GettingStartedStepDto], description: 'In the order an owner does them' }) steps: GettingStartedStepDto[];
  @ApiProperty({ description: 'Every step is done' }) complete: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The router to continue with: the first one that never answered, else the first one' }) routerId: string | null;
  @ApiProperty({ type: String, nullable: true }) routerName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The router that answered the platform first (step connected)' }) connectedRouterName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A plan offered on a router (step plan)' }) planName: string | null;
  @ApiProperty({ enum: ['platform', 'own_account'], nullable: true, description: 'How M-Pesa money is collected; null until the owner opened or saved the M-Pesa settings' }) mpesaMode:
    'platform' | 'own_account' | null;
  @ApiProperty({ description: 'Platform collection is offered on this installation' }) platformCollectionAvailable: boolean;
}
