import { DemoExtension } from './demo-seed.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { RoutingRepository } from '../routing/routing.repository';
import { WaiverRule } from '../waivers/waiver-condition';
import { WaiverPoliciesRepository } from '../waivers/waiver-policies.repository';
import { EventStatus } from '../events/event-state';
import { EventsRepository } from '../events/events.repository';
import { EventsService } from '../events/events.service';

/** What the demo fair is made with: each feature writes its own tables. */
export interface DemoFairMakers {
  events: EventsService;
  eventRows: EventsRepository;
  waivers: WaiverPoliciesRepository;
  routing: RoutingRepository;
  registrations: RegistrationsService;
}

export const DEMO_EVENT_SLUG = 'xiaomi-ai-fair-beijing';

const DAY = 86_400_000;

const CANDIDATES = [
  {
    name: '张伟',
    email: 'zhang.wei@example.com',
    city: 'Beijing',
    specialties: ['computer_vision'],
    degree: 'phd',
    years: 6,
    locale: 'zh',
    publications: [{ title: 'Efficient Vision Transformers at the Edge', venue: 'CVPR', year: 2024 }],
  },
  {
    name: '李娜',
    email: 'li.na@example.com',
    city: 'Shanghai',
    specialties: ['nlp'],
    degree: 'master',
    years: 4,
    locale: 'zh',
    awards: [{ name: 'ACL Best Paper', rank: 1, year: 2023 }],
  },
  {
    name: '王磊',
    email: 'wang.lei@example.com',
    city: 'Shenzhen',
    specialties: ['autonomous_driving', 'robotics'],
    degree: 'master',
    years: 8,
    locale: 'zh',
  },
  {
    name: '刘洋',
    email: 'liu.yang@example.com',
    city: 'Beijing',
    specialties: ['deep_learning'],
    degree: 'bachelor',
    years: 3,
    locale: 'zh',
  },
  {
    name: '陈静',
    email: 'chen.jing@example.com',
    city: 'Hangzhou',
    specialties: ['robotics'],
    degree: 'phd',
    years: 2,
    locale: 'en',
  },
  {
    name: '杨帆',
    email: 'yang.fan@example.com',
    city: 'Wuhan',
    specialties: ['nlp', 'deep_learning'],
    degree: 'master',
    years: 5,
    locale: 'zh',
  },
];

const TOP_VENUES = [
  'CVPR',
  'ICCV',
  'ECCV',
  'NeurIPS',
  'ICML',
  'ICLR',
  'ACL',
  'EMNLP',
  'NAACL',
  'ICRA',
  'IROS',
  'RSS',
  'CoRL',
];

/** Who skips the written test at the demo fair: the strong profiles the news describes. */
export const DEMO_WAIVER_RULES: WaiverRule[] = [
  {
    name: 'phd-top-venue',
    when: {
      all: [
        { field: 'degree', op: 'eq', value: 'phd' },
        {
          // `contains` matches whole words: "ACL 2024" and "Findings of ACL" count, "NAACL" is its own entry.
          any: TOP_VENUES.map((value) => ({
            field: 'publications.venue' as const,
            op: 'contains' as const,
            value,
          })),
        },
      ],
    },
    waive: true,
  },
  { name: 'top-3-award', when: { field: 'awards.rank', op: 'lte', value: 3 }, waive: true },
  { name: 'senior-expert', when: { field: 'yearsOfExperience', op: 'gte', value: 8 }, waive: true },
];

/** The demo's fair: a published Beijing event hiring for all five units, with a few registrations. */
export function demoFair({
  events,
  eventRows,
  waivers,
  routing,
  registrations,
}: DemoFairMakers): DemoExtension {
  return async (manager, demo) => {
    const now = Date.now();
    const fairDay = new Date(now + 35 * DAY);
    fairDay.setUTCHours(1, 0, 0, 0); // 09:00 in Beijing
    const event = await events.insert(manager, demo.organizationId, {
      title: 'Xiaomi AI Experts Hiring Fair',
      slug: DEMO_EVENT_SLUG,
      city: 'Beijing',
      venue: 'Xiaomi Science and Technology Park, Haidian District',
      online: false,
      timezone: 'Asia/Shanghai',
      locale: 'zh',
      startsAt: fairDay,
      endsAt: new Date(fairDay.getTime() + 9 * 3600_000),
      registrationOpensAt: new Date(now - 60_000),
      registrationClosesAt: new Date(now + 30 * DAY),
      capacity: 500,
      specialties: ['computer_vision', 'deep_learning', 'autonomous_driving', 'nlp', 'robotics'],
      businessUnitIds: Object.values(demo.units),
      writtenTestPassScore: 60,
      interviewMinutes: 45,
      bufferMinutes: 15,
    });
    await eventRows.updateStatus(
      manager,
      Object.assign(event, { status: EventStatus.Published, publishedAt: new Date() }),
    );
    await waivers.addVersion(manager, {
      organizationId: demo.organizationId,
      eventId: event.id,
      version: 1,
      rules: DEMO_WAIVER_RULES,
      createdBy: null,
    });
    const unitOf: Record<string, string> = {
      computer_vision: demo.units.CV,
      deep_learning: demo.units.DL,
      autonomous_driving: demo.units.AD,
      nlp: demo.units.NLP,
      robotics: demo.units.ROB,
    };
    await routing.replaceRules(manager, {
      eventId: event.id,
      organizationId: demo.organizationId,
      strategy: 'least_loaded',
      rules: Object.entries(unitOf).map(([specialty, businessUnitId]) => ({
        specialty,
        businessUnitId,
        weight: 1,
      })),
      updatedBy: null,
    });
    for (const c of CANDIDATES) {
      await registrations.registerWithin(manager, DEMO_EVENT_SLUG, {
        name: c.name,
        email: c.email,
        city: c.city,
        specialties: c.specialties,
        degree: c.degree,
        yearsOfExperience: c.years,
        publications: c.publications,
        awards: c.awards,
        locale: c.locale,
        consent: { privacyPolicyVersion: '2025-01', shareWithBusinessUnits: true },
      });
    }
    return [
      `Demo event: "${event.title}" (public page /api/v1/public/events/${DEMO_EVENT_SLUG}), ${CANDIDATES.length} registrations; their mails are in /dev/mailbox.`,
    ];
  };
}
