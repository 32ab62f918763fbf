import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { EventsModule } from '../events/events.module';
import { BookingPoolModule } from '../interviews/booking-pool.module';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { RegistrationsModule } from '../registrations/registrations.module';
import { ReviewDecision } from '../reviews/review-decision.entity';
import { ReviewsRepository } from '../reviews/reviews.repository';
import { ReviewsService } from '../reviews/reviews.service';
import { RoutingConfig } from '../routing/routing-config.entity';
import { RoutingConfigService } from '../routing/routing-config.service';
import { RoutingRepository } from '../routing/routing.repository';
import { RoutingService } from '../routing/routing.service';
import { WaiverPoliciesRepository } from '../waivers/waiver-policies.repository';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';
import { WaiverPolicyVersion } from '../waivers/waiver-policy.entity';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';
import { IntakeStepsService } from './intake-steps.service';
import { PipelineMailService } from '../pipeline-mail/pipeline-mail.service';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';

const SERVICES = [
  WaiverPoliciesRepository,
  WaiverPoliciesService,
  RoutingConfigService,
  RoutingRepository,
  RoutingService,
  PipelineMailService,
  IntakeRepository,
  IntakeService,
  IntakeStepsService,
  PipelineRepository,
  PipelineService,
  ReviewsRepository,
  ReviewsService,
];

/**
 * The fast track: waiver policies, routing to business units, the intake pipeline, recruiters'
 * pipeline actions and the units' reviews. One module, as these steps call each other.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WaiverPolicyVersion, RoutingConfig, ReviewDecision]),
    RegistrationsModule,
    BusinessUnitsModule,
    EventsModule,
    BookingPoolModule,
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class PipelineModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly intake: IntakeService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('intake', () => this.intake.reconcile());
  }
}
