import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  DeliveryView,
  Page,
  Role,
  StaffActor,
  WebhookSettingsView,
  WebhookView,
  WebhooksService,
} from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import {
  CreatedWebhookResponseDto,
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
  WebhookSettingsResponseDto,
} from './dto/webhook-response.dto';
import { CreateWebhookDto, UpdateWebhookDto, WebhookSettingsDto } from './dto/webhook.dto';

/**
 * Webhook subscriptions, org_admin only: a subscription sends the organization's data to a URL of
 * the caller's choosing and holds a signing secret, which is an administrator's decision.
 */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Roles(Role.OrgAdmin)
  @Get('settings')
  @ApiDoc(
    "Get the organization's webhook policy (private targets allowed or not)",
    WebhookSettingsResponseDto,
  )
  settings(@CurrentStaff() actor: StaffActor): Promise<WebhookSettingsView> {
    return this.webhooks.settings(actor);
  }

  @Roles(Role.OrgAdmin)
  @Put('settings')
  @ApiDoc("Set the organization's webhook policy", WebhookSettingsResponseDto)
  updateSettings(
    @CurrentStaff() actor: StaffActor,
    @Body() dto: WebhookSettingsDto,
  ): Promise<WebhookSettingsView> {
    return this.webhooks.updateSettings(actor, dto);
  }

  @Roles(Role.OrgAdmin)
  @Post()
  @ApiDoc(
    'Subscribe a URL to events; answers with the signing secret, shown this once only',
    CreatedWebhookResponseDto,
    {
      created: true,
    },
  )
  create(
    @CurrentStaff() actor: StaffActor,
    @Body() dto: CreateWebhookDto,
  ): Promise<WebhookView & { secret: string }> {
    return this.webhooks.create(actor, dto);
  }

  @Roles(Role.OrgAdmin)
  @Get()
  @ApiDoc("List the organization's webhook subscriptions", PageOf(WebhookResponseDto))
  list(@CurrentStaff() actor: StaffActor, @Query() query: PageQueryDto): Promise<Page<WebhookView>> {
    return this.webhooks.list(actor, query);
  }

  @Roles(Role.OrgAdmin)
  @Get(':id')
  @ApiDoc('Get one webhook subscription', WebhookResponseDto)
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<WebhookView> {
    return this.webhooks.get(actor, id);
  }

  @Roles(Role.OrgAdmin)
  @Patch(':id')
  @ApiDoc(
    'Edit a subscription; `{active: true}` re-enables one disabled after repeated failure',
    WebhookResponseDto,
  )
  update(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookView> {
    return this.webhooks.update(actor, id, dto);
  }

  @Roles(Role.OrgAdmin)
  @Delete(':id')
  @ApiDoc('Delete a subscription (answers with it as it was)', WebhookResponseDto)
  remove(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<WebhookView> {
    return this.webhooks.remove(actor, id);
  }

  @Roles(Role.OrgAdmin)
  @Get(':id/deliveries')
  @ApiDoc(
    "List a subscription's deliveries, newest first, each with every attempt",
    PageOf(WebhookDeliveryResponseDto),
  )
  deliveries(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<DeliveryView>> {
    return this.webhooks.deliveries(actor, id, query);
  }

  @Roles(Role.OrgAdmin)
  @HttpCode(200)
  @Post(':id/deliveries/:deliveryId/redeliver')
  @ApiDoc(
    'Attempt a delivery once more now, same event id and body; no automatic retries after it',
    WebhookDeliveryResponseDto,
  )
  redeliver(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<DeliveryView> {
    return this.webhooks.redeliver(actor, id, deliveryId);
  }
}
