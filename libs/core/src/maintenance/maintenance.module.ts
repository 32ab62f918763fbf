import { Global, Module } from '@nestjs/common';
import { ReconcilerService } from './reconciler.service';

@Global()
@Module({ providers: [ReconcilerService], exports: [ReconcilerService] })
export class MaintenanceModule {}
