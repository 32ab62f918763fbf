import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReviewOutcome, ReviewsService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { ReviewOutcomeDto, ReviewQueueItemDto } from './dto/review-response.dto';
import { DecisionDto, ReviewQueueQueryDto } from './dto/review.dto';

@ApiTags('reviews')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Roles(Role.BuReviewer)
  @Get('review-queue')
  @ApiDoc(
    "List registrations awaiting the caller's units' decision: fast track first, then oldest routed first",
    PageOf(ReviewQueueItemDto),
  )
  async queue(
    @CurrentStaff() actor: StaffActor,
    @Query() query: ReviewQueueQueryDto,
  ): Promise<{ items: ReviewQueueItemDto[]; nextCursor: string | null }> {
    const page = await this.reviews.reviewQueue(actor, query);
    // The registrations feature builds the staff view untyped; its fields are the DTO's.
    return { items: page.items as unknown as ReviewQueueItemDto[], nextCursor: page.nextCursor };
  }

  @Roles(Role.BuReviewer)
  @Post('registrations/:id/decision')
  @HttpCode(200)
  @ApiDoc("Decide on a registration routed to one of the caller's units", ReviewOutcomeDto)
  decide(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: DecisionDto,
  ): Promise<ReviewOutcome> {
    return this.reviews.decide(actor, id, dto);
  }
}
