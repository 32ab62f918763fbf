import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailMessage } from './mail-message.entity';
import { MailSuppression } from './mail-suppression.entity';
import { MailTransport } from './mail-transport';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([MailMessage, MailSuppression])],
  providers: [NotificationsService, NotificationsRepository, MailTransport],
  exports: [NotificationsService, NotificationsRepository],
})
export class NotificationsModule {}
