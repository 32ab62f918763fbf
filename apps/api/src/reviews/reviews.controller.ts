import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReviewsService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { DecisionDto, ReviewQueueQueryDto } from './dto/review.dto';

@ApiTags('reviews')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /** Registrations routed to the caller's units awaiting a decision: fast-track first, then oldest first. */
  @Roles(Role.BuReviewer)
  @Get('review-queue')
  queue(@CurrentStaff() actor: StaffActor, @Query() query: ReviewQueueQueryDto) {
    return this.reviews.reviewQueue(actor, query);
  }

  @Roles(Role.BuReviewer)
  @Post('registrations/:id/decision')
  @HttpCode(200)
  decide(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: DecisionDto) {
    return this.reviews.decide(actor, id, dto);
  }
}
