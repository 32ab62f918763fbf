import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { api, ok } from '../api/client';
import { lang, specialtyLabel } from '../i18n';
import { useLoad } from '../ui';
import { FairFrame, loadUnits } from './fair-frame';
import { ct } from './i18n';
import type { Fair, RoutingRules, Unit } from './types';
import { Empty, Failure, Skeleton } from './ui';

function RoutingEditor({ fair, units, initial }: { fair: Fair; units: Unit[]; initial: RoutingRules }) {
  const [strategy, setStrategy] = useState(initial.strategy);
  const [rules, setRules] = useState(initial.rules);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const fairUnits = units.filter((u) => fair.businessUnitIds.includes(u.id));
  const choices = fairUnits.length ? fairUnits : units;
  const specialties = [...new Set([...fair.specialties, ...choices.flatMap((u) => u.specialties)])];
  const update = (i: number, patch: Partial<RoutingRules['rules'][number]>) => {
    setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setSaved(false);
  };
  /** One rule per specialty and unit that hires it: a starting point the recruiter trims. */
  const suggest = () =>
    setRules(
      choices.flatMap((u) =>
        u.specialties
          .filter((s) => fair.specialties.length === 0 || fair.specialties.includes(s))
          .map((specialty) => ({ specialty, businessUnitId: u.id, weight: 1 })),
      ),
    );
  const save = async () => {
    setBusy(true);
    setFailure(null);
    setErrors({});
    try {
      await ok(
        api.PUT('/api/v1/events/{id}/routing-rules', {
          params: { path: { id: fair.id } },
          // The document types `rules` as strings (its DTO declares no item class); the contract's objects go.
          body: { strategy, rules: rules as never },
        }),
      );
      setSaved(true);
    } catch (error) {
      const details = error instanceof ApiError ? (error.body.details ?? []) : [];
      setErrors(
        Object.fromEntries(
          details.map((d) => [
            d.field.split('/').slice(0, 3).join('/'),
            lang() === 'en' ? d.messages.join('; ') : ct('check.invalid'),
          ]),
        ),
      );
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="form wide">
      <fieldset class="choices">
        <legend>{ct('routing.strategy')}</legend>
        {(['least_loaded', 'weighted'] as const).map((s) => (
          <label class="check block" key={s}>
            <input type="radio" name="strategy" checked={strategy === s} onChange={() => setStrategy(s)} />
            <span>
              <strong>{ct(`routing.${s}`)}</strong> <span class="muted">{ct(`routing.${s}.hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {rules.length === 0 ? (
        <Empty title={ct('routing.empty')}>
          <p class="muted">{ct('routing.emptyHint')}</p>
          <button type="button" onClick={suggest} disabled={choices.length === 0}>
            {ct('routing.suggest')}
          </button>
        </Empty>
      ) : (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th>{ct('routing.specialty')}</th>
                <th>{ct('routing.unit')}</th>
                <th class="num">{ct('routing.weight')}</th>
                <th>
                  <span class="sr-only">{ct('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => {
                const problem = errors[`/rules/${i}`];
                return (
                  <tr key={i} class={problem ? 'invalid' : ''}>
                    <td>
                      <input
                        aria-label={ct('routing.specialty')}
                        list="routing-specialties"
                        value={r.specialty}
                        aria-invalid={!!problem}
                        onInput={(e) => update(i, { specialty: e.currentTarget.value })}
                      />
                      {problem && <p class="msg">{problem}</p>}
                    </td>
                    <td>
                      <select
                        aria-label={ct('routing.unit')}
                        value={r.businessUnitId}
                        onChange={(e) => update(i, { businessUnitId: e.currentTarget.value })}
                      >
                        {!choices.some((u) => u.id === r.businessUnitId) && (
                          <option value={r.businessUnitId}>—</option>
                        )}
                        {choices.map((u) => (
                          <option key={u.id} value={u.id}>
                            {u.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td class="num">
                      <input
                        class="narrow"
                        aria-label={ct('routing.weight')}
                        inputMode="numeric"
                        disabled={strategy !== 'weighted'}
                        value={String(r.weight)}
                        onInput={(e) => update(i, { weight: Number(e.currentTarget.value) || 0 })}
                      />
                    </td>
                    <td class="end">
                      <button
                        type="button"
                        class="link remove"
                        onClick={() => setRules(rules.filter((_, j) => j !== i))}
                      >
                        {ct('common.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <datalist id="routing-specialties">
        {specialties.map((s) => (
          <option key={s} value={s}>
            {specialtyLabel(s)}
          </option>
        ))}
      </datalist>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            setRules([
              ...rules,
              { specialty: specialties[0] ?? '', businessUnitId: choices[0]?.id ?? '', weight: 1 },
            ])
          }
          disabled={choices.length === 0}
        >
          + {ct('routing.add')}
        </button>
        <button type="button" class="primary" onClick={() => void save()} disabled={busy}>
          {ct('common.save')}
        </button>
      </div>
      {saved && (
        <p class="notice ok" role="status">
          {ct('common.saved')}
        </p>
      )}
      {failure ? <Failure error={failure} /> : null}
    </div>
  );
}

export function RoutingPage({ eventId }: { eventId: string }) {
  const rules = useLoad(
    () =>
      ok<RoutingRules>(api.GET('/api/v1/events/{id}/routing-rules', { params: { path: { id: eventId } } })),
    [eventId],
  );
  const units = useLoad(loadUnits, []);
  return (
    <FairFrame id={eventId} tab="routing" title={() => ct('routing.title')}>
      {(fair) => {
        const error = rules.error ?? units.error;
        if (error) return <Failure error={error} onRetry={rules.reload} />;
        if (!rules.data || !units.data) return <Skeleton rows={4} />;
        return (
          <>
            <p class="lead">{ct('routing.intro')}</p>
            <RoutingEditor fair={fair} units={units.data} initial={rules.data} />
          </>
        );
      }}
    </FairFrame>
  );
}
