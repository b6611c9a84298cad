import { ApiProperty } from '@nestjs/swagger';
import { Notification, NOTIFICATION_LEVELS, NotificationLevel } from '../entities/notification.entity';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'subscription.reminder' })
  kind: string;
  @ApiProperty({ enum: NOTIFICATION_LEVELS, enumName: 'NotificationLevel' })
  level: NotificationLevel;
  @ApiProperty()
  title: string;
  @ApiProperty()
  body: string;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export function mapNotification(n: Notification): NotificationDto {
  return { id: n.id, kind: n.kind, level: n.level, title: n.title, body: n.body, createdAt: n.createdAt.toISOString() };
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
