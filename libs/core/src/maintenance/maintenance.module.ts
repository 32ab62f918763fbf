import { Global, Module } from '@nestjs/common';
import { ReconcilerService } from './reconciler.service';
import { RepeatableJobsService } from './repeatable-jobs.service';

@Global()
@Module({
  providers: [ReconcilerService, RepeatableJobsService],
  exports: [ReconcilerService, RepeatableJobsService],
})
export class MaintenanceModule {}
