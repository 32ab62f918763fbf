import type { ComponentChildren } from 'preact';
import { api, ok } from '../api/client';
import { useLoad } from '../ui';
import { ct } from './i18n';
import type { Fair, Page, Unit } from './types';
import { ConsolePage, Failure, Skeleton, StatusBadge, Tabs } from './ui';

export const loadFair = (id: string): Promise<Fair> =>
  ok<Fair>(api.GET('/api/v1/events/{id}', { params: { path: { id } } }));

export const loadUnits = async (): Promise<Unit[]> =>
  (await ok<Page<Unit>>(api.GET('/api/v1/business-units', { params: { query: { limit: 200 } } }))).items;

export type FairTab =
  'overview' | 'edit' | 'waivers' | 'routing' | 'availability' | 'scheduling' | 'registrations' | 'import';

const TABS: FairTab[] = [
  'overview',
  'edit',
  'waivers',
  'routing',
  'availability',
  'scheduling',
  'registrations',
  'import',
];

/** Loads a fair and frames one of its pages: breadcrumbs, title with status, the fair's tabs. */
export function FairFrame({
  id,
  tab,
  title,
  actions,
  children,
}: {
  id: string;
  tab: FairTab;
  title?: (fair: Fair) => string;
  actions?: (fair: Fair, reload: () => void) => ComponentChildren;
  children: (fair: Fair, reload: () => void) => ComponentChildren;
}) {
  const { data: fair, error, loading, reload } = useLoad(() => loadFair(id), [id]);
  if (error) return <Failure error={error} onRetry={reload} />;
  if (!fair || (loading && !fair)) return <Skeleton rows={5} />;
  const base = `/console/fairs/${id}`;
  return (
    <ConsolePage
      title={title ? title(fair) : fair.title}
      crumbs={[
        { href: '/console/fairs', label: ct('nav.fairs') },
        ...(tab === 'overview' ? [] : [{ href: base, label: fair.title }]),
      ]}
      actions={actions?.(fair, reload)}
    >
      <p class="subhead">
        <StatusBadge status={fair.status} />{' '}
        <span class="muted">{fair.online ? ct('fair.online') : fair.city}</span>
      </p>
      <Tabs
        current={tab}
        items={TABS.map((key) => ({
          key,
          label: ct(`tab.${key}`),
          href: key === 'overview' ? base : `${base}/${key}`,
        }))}
      />
      {children(fair, reload)}
    </ConsolePage>
  );
}
