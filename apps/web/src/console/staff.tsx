import { useState } from 'preact/hooks';
import { ApiError, Me } from '../api';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { lang, specialtyLabel } from '../i18n';
import { Field, useLoad } from '../ui';
import { loadUnits } from './fair-frame';
import { ct } from './i18n';
import { ROLES } from './roles';
import type { Page, StaffUser, Unit } from './types';
import { Confirm, ConsolePage, Empty, Failure, Skeleton, StatusBadge } from './ui';

/** The contract's status; a server without invitations yet sends `active` or nothing. */
export const userStatus = (u: StaffUser): 'invited' | 'active' | 'inactive' =>
  u.status ?? (u.active === false ? 'inactive' : 'active');

function NewStaff({
  units,
  onCreated,
}: {
  units: Unit[];
  onCreated: (u: StaffUser, invited: boolean) => void;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>(['recruiter']);
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [specialties, setSpecialties] = useState('');
  const [mode, setMode] = useState<'invite' | 'password'>('invite');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((x) => x !== value);
  const submit = async (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = ct('check.required');
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) local.email = ct('check.email');
    if (roles.length === 0) local.roles = ct('staff.pickRole');
    if (mode === 'password' && password.length < 10) local.password = ct('password.short', { n: 10 });
    setProblems(local);
    setFailure(null);
    if (Object.keys(local).length) return;
    // Without a password the contract makes the user `invited` and mails them a link to set one.
    const body = {
      name: name.trim(),
      email: email.trim(),
      roles,
      businessUnitIds: unitIds,
      specialties: specialties
        .split(/[,，]/)
        .map((s) => s.trim().toLowerCase().replace(/\s+/g, '_'))
        .filter(Boolean),
      ...(mode === 'password' ? { password } : {}),
    } as components['schemas']['CreateUserDto'];
    setBusy(true);
    try {
      const user = await ok<StaffUser>(api.POST('/api/v1/users', { body }));
      onCreated(user, mode === 'invite');
      setName('');
      setEmail('');
      setPassword('');
    } catch (error) {
      const details = error instanceof ApiError ? (error.body.details ?? []) : [];
      setProblems(
        Object.fromEntries(
          details.map((x) => [
            x.field.split('.')[0],
            lang() === 'en' ? x.messages.join('; ') : ct('check.invalid'),
          ]),
        ),
      );
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel form wide" onSubmit={submit} noValidate>
      <h2>{ct('staff.add')}</h2>
      <div class="grid">
        <Field field="staff-name" label={ct('field.name')} error={problems.name}>
          {(p) => <input {...p} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field field="staff-email" label={ct('field.email')} error={problems.email}>
          {(p) => (
            <input {...p} type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <fieldset class="choices">
        <legend>{ct('field.roles')}</legend>
        {ROLES.map((r) => (
          <label class="check" key={r}>
            <input
              type="checkbox"
              checked={roles.includes(r)}
              onChange={(e) => setRoles(toggle(roles, r, e.currentTarget.checked))}
            />
            {ct(`role.${r}`)}
          </label>
        ))}
        <p class="msg">{problems.roles ?? ''}</p>
      </fieldset>
      {units.length > 0 && (
        <fieldset class="choices">
          <legend>{ct('staff.units')}</legend>
          {units.map((u) => (
            <label class="check" key={u.id}>
              <input
                type="checkbox"
                checked={unitIds.includes(u.id)}
                onChange={(e) => setUnitIds(toggle(unitIds, u.id, e.currentTarget.checked))}
              />
              {u.name}
            </label>
          ))}
          <p class="msg">{problems.businessUnitIds ?? ''}</p>
        </fieldset>
      )}
      {roles.includes('interviewer') && (
        <Field
          field="staff-specialties"
          label={ct('staff.specialties')}
          hint={ct('fair.specialtiesHint')}
          error={problems.specialties}
        >
          {(p) => <input {...p} value={specialties} onInput={(e) => setSpecialties(e.currentTarget.value)} />}
        </Field>
      )}
      <fieldset class="choices">
        <legend>{ct('staff.access')}</legend>
        <label class="check">
          <input
            type="radio"
            name="staff-mode"
            checked={mode === 'invite'}
            onChange={() => setMode('invite')}
          />
          {ct('staff.invite')}
        </label>
        <label class="check">
          <input
            type="radio"
            name="staff-mode"
            checked={mode === 'password'}
            onChange={() => setMode('password')}
          />
          {ct('staff.setPassword')}
        </label>
      </fieldset>
      {mode === 'password' && (
        <Field
          field="staff-password"
          label={ct('field.password')}
          hint={ct('password.rules', { n: 10 })}
          error={problems.password}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
      )}
      {failure ? <Failure error={failure} /> : null}
      <button type="submit" class="primary" disabled={busy}>
        {mode === 'invite' ? ct('staff.sendInvite') : ct('staff.create')}
      </button>
    </form>
  );
}

function ActiveToggle({ user, self, onDone }: { user: StaffUser; self: boolean; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const active = userStatus(user) !== 'inactive';
  // An admin cannot lock themselves out in the middle of their own session.
  if (self) return <span class="muted small">{ct('staff.you')}</span>;
  return (
    <>
      <button type="button" class={active ? 'danger small' : 'small'} onClick={() => setOpen(true)}>
        {active ? ct('staff.deactivate') : ct('staff.reactivate')}
      </button>
      {open && (
        <Confirm
          title={
            active
              ? ct('staff.deactivate.title', { name: user.name })
              : ct('staff.reactivate.title', { name: user.name })
          }
          confirmLabel={active ? ct('staff.deactivate') : ct('staff.reactivate')}
          danger={active}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            await ok(
              api.PATCH('/api/v1/users/{id}', {
                params: { path: { id: user.id } },
                body: { active: !active },
              }),
            );
            onDone();
          }}
        >
          <p>{active ? ct('staff.deactivate.what') : ct('staff.reactivate.what')}</p>
        </Confirm>
      )}
    </>
  );
}

export function StaffPage({ who }: { who: Me }) {
  const users = useLoad(
    () => ok<Page<StaffUser>>(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })),
    [],
  );
  const units = useLoad(loadUnits, []);
  const [notice, setNotice] = useState<string | null>(null);
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id.slice(0, 8);
  return (
    <ConsolePage title={ct('staff.title')}>
      <p class="lead">{ct('staff.intro')}</p>
      {notice && (
        <div class="notice ok" role="status">
          <p>{notice}</p>
        </div>
      )}
      {users.error ? <Failure error={users.error} onRetry={users.reload} /> : null}
      {users.loading && !users.data && <Skeleton />}
      {users.data && users.data.items.length === 0 && <Empty title={ct('staff.empty')} />}
      {users.data && users.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th>{ct('field.name')}</th>
                <th>{ct('field.roles')}</th>
                <th class="hide-sm">{ct('staff.units')}</th>
                <th>{ct('filter.status')}</th>
                <th>
                  <span class="sr-only">{ct('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.name}
                    <span class="muted small block">{u.email}</span>
                  </th>
                  <td>{u.roles.map((r) => ct(`role.${r}` as 'role.recruiter')).join(', ')}</td>
                  <td class="hide-sm">
                    {u.businessUnitIds.map(unitName).join(', ') || '—'}
                    {u.specialties.length > 0 && (
                      <span class="muted small block">{u.specialties.map(specialtyLabel).join(', ')}</span>
                    )}
                  </td>
                  <td>
                    <StatusBadge status={userStatus(u)} prefix="user" />
                  </td>
                  <td class="end">
                    <ActiveToggle user={u} self={u.id === who.user.id} onDone={users.reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {units.data && (
        <NewStaff
          units={units.data}
          onCreated={(u, invited) => {
            setNotice(
              invited ? ct('staff.invited', { email: u.email }) : ct('staff.created', { name: u.name }),
            );
            users.reload();
          }}
        />
      )}
    </ConsolePage>
  );
}
