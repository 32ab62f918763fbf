import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { api, ok } from '../api/client';
import { lang } from '../i18n';
import { useLoad } from '../ui';
import { FairFrame } from './fair-frame';
import { CKey, ct } from './i18n';
import type { ErrorDetail, Simulation } from './types';
import { Failure, Skeleton } from './ui';
import {
  Condition,
  DEGREES,
  FIELDS,
  FIELD_OPERATORS,
  Leaf,
  Rule,
  ValueKind,
  defaultValue,
  groupKind,
  isLeaf,
  newLeaf,
  newRule,
  nodePointers,
  ownerOf,
  updateAt,
} from './waiver-model';

type Errors = Record<string, string[]>;
type Path = (string | number)[];

interface PolicyView {
  version: number;
  rules: Rule[];
  updatedAt: string | null;
}

/** Server messages are English: in Chinese they follow a Chinese lead-in, marked as English. */
function NodeErrors({ messages }: { messages?: string[] }) {
  if (!messages || messages.length === 0) return null;
  return (
    <ul class="node-errors" role="alert">
      {messages.map((m) => (
        <li key={m}>
          {lang() === 'en' ? (
            m
          ) : (
            <>
              {ct('waiver.nodeInvalid')} <span lang="en">{m}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function ListInput({
  value,
  onChange,
  id,
  invalid,
}: {
  value: unknown;
  onChange: (v: string[]) => void;
  id: string;
  invalid: boolean;
}) {
  const [text, setText] = useState(Array.isArray(value) ? value.join(', ') : String(value ?? ''));
  return (
    <input
      id={id}
      aria-invalid={invalid}
      value={text}
      placeholder={ct('waiver.listHint')}
      onInput={(e) => {
        setText(e.currentTarget.value);
        onChange(
          e.currentTarget.value
            .split(/[,，]/)
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

function ValueInput({
  kind,
  value,
  onChange,
  id,
  invalid,
}: {
  kind: ValueKind | undefined;
  value: unknown;
  onChange: (v: unknown) => void;
  id: string;
  invalid: boolean;
}) {
  switch (kind) {
    case 'degree':
      return (
        <select
          id={id}
          aria-invalid={invalid}
          value={String(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          {DEGREES.map((d) => (
            <option key={d} value={d}>
              {ct(`degree.${d}`)}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <select
          id={id}
          aria-invalid={invalid}
          value={String(value)}
          onChange={(e) => onChange(e.currentTarget.value === 'true')}
        >
          <option value="true">{ct('waiver.given')}</option>
          <option value="false">{ct('waiver.notGiven')}</option>
        </select>
      );
    case 'number':
      return (
        <input
          id={id}
          aria-invalid={invalid}
          inputMode="numeric"
          value={String(value ?? '')}
          onInput={(e) => {
            const raw = e.currentTarget.value.trim();
            // Kept as typed when it is not a number: the server then names this node.
            onChange(raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw);
          }}
        />
      );
    case 'degrees':
    case 'texts':
      return <ListInput id={id} invalid={invalid} value={value} onChange={onChange} />;
    default:
      return (
        <input
          id={id}
          aria-invalid={invalid}
          value={String(value ?? '')}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

function LeafEditor({
  leaf,
  pointer,
  errors,
  onChange,
}: {
  leaf: Leaf;
  pointer: string;
  errors: Errors;
  onChange: (next: Leaf) => void;
}) {
  const ops = FIELD_OPERATORS[leaf.field as keyof typeof FIELD_OPERATORS] ?? {};
  const kind = ops[leaf.op as keyof typeof ops];
  const id = `n${pointer.replace(/\W/g, '-')}`;
  const invalid = !!errors[pointer];
  return (
    <div class={`leaf${invalid ? ' invalid' : ''}`} data-pointer={pointer}>
      <label class="sr-only" for={`${id}-field`}>
        {ct('waiver.field')}
      </label>
      <select
        id={`${id}-field`}
        value={leaf.field}
        onChange={(e) => {
          const field = e.currentTarget.value as keyof typeof FIELD_OPERATORS;
          const nextOps = FIELD_OPERATORS[field];
          const op = leaf.op in nextOps ? leaf.op : Object.keys(nextOps)[0];
          onChange({ field, op, value: defaultValue(nextOps[op as keyof typeof nextOps]) });
        }}
      >
        {FIELDS.map((f) => (
          <option key={f} value={f}>
            {ct(`field.${f}` as CKey)}
          </option>
        ))}
      </select>
      <label class="sr-only" for={`${id}-op`}>
        {ct('waiver.operator')}
      </label>
      <select
        id={`${id}-op`}
        value={leaf.op}
        onChange={(e) => {
          const op = e.currentTarget.value;
          const nextKind = ops[op as keyof typeof ops];
          onChange({ ...leaf, op, value: nextKind === kind ? leaf.value : defaultValue(nextKind) });
        }}
      >
        {Object.keys(ops).map((op) => (
          <option key={op} value={op}>
            {ct(`op.${op}` as CKey)}
          </option>
        ))}
      </select>
      <label class="sr-only" for={`${id}-value`}>
        {ct('waiver.value')}
      </label>
      <ValueInput
        key={`${leaf.field}-${leaf.op}`}
        id={`${id}-value`}
        invalid={invalid}
        kind={kind}
        value={leaf.value}
        onChange={(value) => onChange({ ...leaf, value })}
      />
      {leaf.field === 'publications.venue' && leaf.op === 'in' && (
        <p class="hint wide">{ct('waiver.venueHint')}</p>
      )}
      <NodeErrors messages={errors[pointer]} />
    </div>
  );
}

function NodeEditor({
  node,
  path,
  pointer,
  errors,
  onChange,
  onRemove,
}: {
  node: Condition;
  path: Path;
  pointer: string;
  errors: Errors;
  onChange: (path: Path, next: (c: Condition) => Condition | null) => void;
  onRemove?: () => void;
}) {
  const remove = onRemove && (
    <button type="button" class="link remove" onClick={onRemove} aria-label={ct('waiver.removeCondition')}>
      {ct('common.remove')}
    </button>
  );
  if (isLeaf(node))
    return (
      <div class="node">
        <LeafEditor
          leaf={node}
          pointer={pointer}
          errors={errors}
          onChange={(next) => onChange(path, () => next)}
        />
        {remove}
      </div>
    );
  const kind = groupKind(node);
  if (!kind) return <NodeErrors messages={[ct('waiver.unknownNode')]} />;
  const children: Condition[] =
    kind === 'not' ? [(node as { not: Condition }).not] : (node as Record<string, Condition[]>)[kind];
  const setKind = (next: 'all' | 'any' | 'not') =>
    onChange(path, () =>
      next === 'not' ? { not: children[0] ?? newLeaf() } : ({ [next]: children } as Condition),
    );
  return (
    <div class={`group group-${kind}${errors[pointer] ? ' invalid' : ''}`} data-pointer={pointer}>
      <div class="group-head">
        <label>
          <span class="sr-only">{ct('waiver.groupKind')}</span>
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as 'all')}>
            <option value="all">{ct('waiver.all')}</option>
            <option value="any">{ct('waiver.any')}</option>
            <option value="not">{ct('waiver.not')}</option>
          </select>
        </label>
        {remove}
      </div>
      <NodeErrors messages={errors[pointer]} />
      <div class="group-body">
        {children.map((child, i) => {
          const childPath = kind === 'not' ? [...path, 'not'] : [...path, kind, i];
          const childPointer = kind === 'not' ? `${pointer}/not` : `${pointer}/${kind}/${i}`;
          return (
            <NodeEditor
              key={childPointer}
              node={child}
              path={childPath}
              pointer={childPointer}
              errors={errors}
              onChange={onChange}
              onRemove={kind === 'not' ? undefined : () => onChange(childPath, () => null)}
            />
          );
        })}
        {kind !== 'not' && (
          <div class="actions">
            <button
              type="button"
              class="small"
              onClick={() =>
                onChange(
                  path,
                  (c) => ({ [kind]: [...(c as Record<string, Condition[]>)[kind], newLeaf()] }) as Condition,
                )
              }
            >
              + {ct('waiver.addCondition')}
            </button>
            <button
              type="button"
              class="small"
              onClick={() =>
                onChange(
                  path,
                  (c) =>
                    ({
                      [kind]: [...(c as Record<string, Condition[]>)[kind], { any: [newLeaf()] }],
                    }) as Condition,
                )
              }
            >
              + {ct('waiver.addGroup')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function SimulationView({ result, busy }: { result: Simulation | null; busy: boolean }) {
  if (!result) return <p class="muted">{busy ? ct('common.loading') : ct('waiver.simIdle')}</p>;
  return (
    <div class={busy ? 'sim stale' : 'sim'} aria-live="polite" data-testid="simulation">
      <ul class="figures">
        <li>
          <strong>{result.totals.fast_track}</strong>
          {ct('lane.fast_track')}
        </li>
        <li>
          <strong>{result.totals.standard}</strong>
          {ct('lane.standard')}
        </li>
        <li>
          <strong>+{result.changes.toFastTrack}</strong>
          {ct('waiver.toFast')}
        </li>
        <li>
          <strong>+{result.changes.toStandard}</strong>
          {ct('waiver.toStandard')}
        </li>
      </ul>
      <table class="list">
        <thead>
          <tr>
            <th>{ct('waiver.rule')}</th>
            <th class="num">{ct('waiver.wouldWaive')}</th>
          </tr>
        </thead>
        <tbody>
          {result.rules.map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td>
              <td class="num">{r.wouldWaive}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.evaluated !== undefined && (
        <p class="muted small">{ct('waiver.evaluated', { n: result.evaluated })}</p>
      )}
    </div>
  );
}

/** `/value/2` → "Value 3": the part of a condition a pointer below it names, in words. */
function partName(rest: string): string {
  const [part, index] = rest.split('/').filter(Boolean);
  const name =
    part === 'field'
      ? ct('waiver.field')
      : part === 'op'
        ? ct('waiver.operator')
        : part === 'value'
          ? ct('waiver.value')
          : part;
  return index === undefined ? name : `${name} ${Number(index) + 1}`;
}

const detailsOf = (error: unknown): ErrorDetail[] =>
  error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? (error.body.details ?? []) : [];

function Editor({ eventId, initial }: { eventId: string; initial: PolicyView }) {
  const [rules, setRules] = useState<Rule[]>(initial.rules.length ? initial.rules : [newRule(1)]);
  const [version, setVersion] = useState(initial.version);
  const [view, setView] = useState<'builder' | 'json'>('builder');
  const [json, setJson] = useState('');
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [sim, setSim] = useState<Simulation | null>(null);
  const [simBusy, setSimBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [dirty, setDirty] = useState(false);
  const seq = useRef(0);

  const showErrors = (details: ErrorDetail[]) => {
    const owners = nodePointers(rules);
    const next: Errors = {};
    for (const d of details) {
      const owner = ownerOf(d.field, owners);
      const where = d.field === owner ? '' : `${partName(d.field.slice(owner.length))}: `;
      next[owner] = [...(next[owner] ?? []), ...d.messages.map((m) => `${where}${m}`)];
    }
    setErrors(next);
    requestAnimationFrame(() => {
      const first = document.querySelector<HTMLElement>('.invalid select, .invalid input, .invalid');
      first?.scrollIntoView({ block: 'center' });
      first?.focus?.();
    });
  };

  const simulate = async (policy: Rule[]) => {
    const mine = ++seq.current;
    setSimBusy(true);
    try {
      const result = await ok<Simulation>(
        api.POST('/api/v1/events/{id}/waiver-policy/simulate', {
          params: { path: { id: eventId } },
          body: { rules: policy as never },
        }),
      );
      if (mine !== seq.current) return;
      setSim(result);
      setErrors({});
      setFailure(null);
    } catch (error) {
      if (mine !== seq.current) return;
      const details = detailsOf(error);
      if (details.length) showErrors(details);
      else setFailure(error);
    } finally {
      if (mine === seq.current) setSimBusy(false);
    }
  };

  // Live: each change is simulated against the fair's registrations after a short pause.
  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(() => void simulate(rules), 700);
    return () => clearTimeout(timer);
  }, [rules, dirty]);

  const change = (next: Rule[]) => {
    setRules(next);
    setDirty(true);
    setSaved(false);
  };
  const changeNode = (ruleIndex: number) => (path: Path, fn: (c: Condition) => Condition | null) => {
    const when = updateAt(rules[ruleIndex].when, path, fn);
    change(rules.map((r, i) => (i === ruleIndex ? { ...r, when: when ?? { all: [newLeaf()] } } : r)));
  };
  const move = (i: number, by: number) => {
    const copy = [...rules];
    const [rule] = copy.splice(i, 1);
    copy.splice(i + by, 0, rule);
    change(copy);
  };
  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const result = await ok<PolicyView>(
        api.PUT('/api/v1/events/{id}/waiver-policy', {
          params: { path: { id: eventId } },
          body: { rules: rules as never },
        }),
      );
      setVersion(result.version);
      setRules(result.rules);
      setErrors({});
      setSaved(true);
      setDirty(false);
    } catch (error) {
      const details = detailsOf(error);
      if (details.length) showErrors(details);
      else setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  const openJson = () => {
    setJson(JSON.stringify({ rules }, null, 2));
    setJsonProblem(null);
    setView('json');
  };
  const applyJson = () => {
    try {
      const parsed = JSON.parse(json) as { rules?: unknown };
      if (!parsed || !Array.isArray(parsed.rules)) throw new Error(ct('waiver.jsonShape'));
      change(parsed.rules as Rule[]);
      setView('builder');
    } catch (error) {
      setJsonProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const errorCount = Object.values(errors).reduce((n, m) => n + m.length, 0);
  return (
    <div class="policy">
      <div class="policy-main">
        <div class="toolbar">
          <div class="segmented" role="group" aria-label={ct('waiver.view')}>
            <button
              type="button"
              aria-pressed={view === 'builder'}
              onClick={() => (view === 'json' ? applyJson() : null)}
            >
              {ct('waiver.builder')}
            </button>
            <button
              type="button"
              aria-pressed={view === 'json'}
              onClick={() => (view === 'builder' ? openJson() : null)}
            >
              JSON
            </button>
          </div>
          <span class="muted small">
            {version === 0 ? ct('waiver.none') : ct('waiver.version', { n: version })}
            {dirty ? ` · ${ct('waiver.unsaved')}` : ''}
          </span>
        </div>
        <p class="hint">{ct('waiver.intro')}</p>
        <NodeErrors messages={[...(errors[''] ?? []), ...(errors['/rules'] ?? [])]} />
        {errorCount > 0 && (
          <p class="notice error" role="alert">
            {ct('waiver.errors', { n: errorCount })}
          </p>
        )}
        {view === 'json' ? (
          <div>
            <label for="policy-json" class="sr-only">
              JSON
            </label>
            <textarea
              id="policy-json"
              class="json"
              rows={22}
              spellcheck={false}
              value={json}
              onInput={(e) => setJson(e.currentTarget.value)}
            />
            {jsonProblem && <p class="msg">{jsonProblem}</p>}
            {Object.entries(errors).length > 0 && (
              <ul class="node-errors">
                {Object.entries(errors).map(([p, ms]) => (
                  <li key={p}>
                    <code>{p || '/'}</code> {ms.join('; ')}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" onClick={applyJson}>
              {ct('waiver.applyJson')}
            </button>
          </div>
        ) : (
          <ol class="rules">
            {rules.map((rule, i) => {
              const at = `/rules/${i}`;
              return (
                <li key={i} class={`rule${errors[at] ? ' invalid' : ''}`} data-pointer={at}>
                  <div class="rule-head">
                    <span class="rule-n">{i + 1}</span>
                    <label class="grow">
                      <span class="sr-only">{ct('waiver.ruleName', { n: i + 1 })}</span>
                      <input
                        aria-label={ct('waiver.ruleName', { n: i + 1 })}
                        aria-invalid={!!errors[`${at}/name`]}
                        value={rule.name}
                        onInput={(e) =>
                          change(rules.map((r, j) => (j === i ? { ...r, name: e.currentTarget.value } : r)))
                        }
                      />
                    </label>
                    <button
                      type="button"
                      class="small"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={ct('waiver.up', { n: i + 1 })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      class="small"
                      disabled={i === rules.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={ct('waiver.down', { n: i + 1 })}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      class="small danger"
                      onClick={() => change(rules.filter((_, j) => j !== i))}
                    >
                      {ct('waiver.removeRule')}
                    </button>
                  </div>
                  <NodeErrors messages={[...(errors[at] ?? []), ...(errors[`${at}/name`] ?? [])]} />
                  <p class="hint">{ct('waiver.when')}</p>
                  <NodeEditor
                    node={rule.when}
                    path={[]}
                    pointer={`${at}/when`}
                    errors={errors}
                    onChange={changeNode(i)}
                  />
                </li>
              );
            })}
          </ol>
        )}
        {view === 'builder' && (
          <button type="button" onClick={() => change([...rules, newRule(rules.length + 1)])}>
            + {ct('waiver.addRule')}
          </button>
        )}
      </div>
      <aside class="policy-side">
        <h2>{ct('waiver.simulation')}</h2>
        <p class="hint">{ct('waiver.simIntro')}</p>
        <SimulationView result={sim} busy={simBusy} />
        <div class="actions">
          <button type="button" onClick={() => void simulate(rules)} disabled={simBusy}>
            {ct('waiver.simulate')}
          </button>
          <button type="button" class="primary" onClick={() => void save()} disabled={saving}>
            {ct('waiver.save')}
          </button>
        </div>
        {saved && (
          <p class="notice ok" role="status">
            {ct('waiver.saved', { n: version })}
          </p>
        )}
        {failure ? <Failure error={failure} /> : null}
      </aside>
    </div>
  );
}

export function WaiverPage({ eventId }: { eventId: string }) {
  const { data, error, reload } = useLoad(
    () => ok<PolicyView>(api.GET('/api/v1/events/{id}/waiver-policy', { params: { path: { id: eventId } } })),
    [eventId],
  );
  return (
    <FairFrame id={eventId} tab="waivers" title={() => ct('waiver.title')}>
      {() =>
        error ? (
          <Failure error={error} onRetry={reload} />
        ) : data ? (
          <Editor eventId={eventId} initial={data} />
        ) : (
          <Skeleton rows={6} />
        )
      }
    </FairFrame>
  );
}
