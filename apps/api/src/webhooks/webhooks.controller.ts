import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Role, StaffActor, WebhooksService } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateWebhookDto, UpdateWebhookDto, WebhookSettingsDto } from './dto/webhook.dto';

/**
 * Webhook subscriptions, org_admin only: a subscription sends the organization's data to a URL of
 * the caller's choosing and holds a signing secret, which is an administrator's decision.
 */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** The organization's webhook policy (private targets allowed or not). */
  @Roles(Role.OrgAdmin)
  @Get('settings')
  settings(@CurrentStaff() actor: StaffActor) {
    return this.webhooks.settings(actor);
  }

  @Roles(Role.OrgAdmin)
  @Put('settings')
  updateSettings(@CurrentStaff() actor: StaffActor, @Body() dto: WebhookSettingsDto) {
    return this.webhooks.updateSettings(actor, dto);
  }

  /** Answers the subscription with its signing `secret`, shown this once only. */
  @Roles(Role.OrgAdmin)
  @Post()
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Roles(Role.OrgAdmin)
  @Get()
  list(@CurrentStaff() actor: StaffActor, @Query() query: PageQueryDto) {
    return this.webhooks.list(actor, query);
  }

  @Roles(Role.OrgAdmin)
  @Get(':id')
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.webhooks.get(actor, id);
  }

  /** `{active: true}` re-enables a subscription disabled after repeated failure. */
  @Roles(Role.OrgAdmin)
  @Patch(':id')
  update(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(actor, id, dto);
  }

  @Roles(Role.OrgAdmin)
  @Delete(':id')
  remove(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.webhooks.remove(actor, id);
  }

  /** Newest first, each delivery with every attempt (status code, error, duration, attempt, at). */
  @Roles(Role.OrgAdmin)
  @Get(':id/deliveries')
  deliveries(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.webhooks.deliveries(actor, id, query);
  }

  /** One more attempt now, same event id and body; no automatic retries after it. */
  @Roles(Role.OrgAdmin)
  @HttpCode(200)
  @Post(':id/deliveries/:deliveryId/redeliver')
  redeliver(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ) {
    return this.webhooks.redeliver(actor, id, deliveryId);
  }
}
