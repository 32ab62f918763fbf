import { Injectable, PipeTransform } from '@nestjs/common';
import { createValidationPipe } from '../common/validation.pipe';
import { CalendarFeedDto } from './dto/calendar.dto';

/** A `text/calendar` body is an uploaded file; a JSON one must be a valid CalendarFeedDto. */
@Injectable()
export class CalendarInputPipe implements PipeTransform {
  private readonly validation = createValidationPipe();

  async transform(value: unknown): Promise<{ feedUrl: string } | { ics: string }> {
    if (typeof value === 'string') return { ics: value };
    const dto = (await this.validation.transform(value, {
      type: 'body',
      metatype: CalendarFeedDto,
    })) as CalendarFeedDto;
    return { feedUrl: dto.feedUrl };
  }
}
