import { Program, ProgramRules, effectiveText, loadProgram, statusOf } from './program-data';
import { ProgramRulesView } from './program-rules';
import { ruleChanges } from './rule-changes';
import { ruleName } from './rule-names';
import { href, withQuery } from '../../router';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import type { PageProps } from '../registry';
import './program.css';

/** The program's rules: the version in force, every version with its effective date, and what each changed. */
export function ProgramPage({ route }: PageProps) {
  const program = useLoad((signal) => loadProgram(signal), []);
  const asked = Number(route.query.get('version'));
  return (
    <>
      <h1>Program</h1>
      <Loaded load={program} label="Reading the program's rules…">
        {(p) => <ProgramView program={p} selected={p.versions.find((v) => v.version === asked) ?? p.inForce} hrefOf={(version) => withQuery(route, { version })} />}
      </Loaded>
    </>
  );
}

function ProgramView({ program, selected, hrefOf }: { program: Program; selected: ProgramRules; hrefOf: (version: number) => string }) {
  const { inForce, versions } = program;
  const previous = versions.find((v) => v.version === selected.version - 1);
  const columns: Column<ProgramRules>[] = [
    { key: 'version', label: 'Version', cell: (v) => (
      <a href={hrefOf(v.version)} aria-current={v.version === selected.version ? 'true' : undefined}>
        Version {v.version}
      </a>
    ) },
    { key: 'effectiveFrom', label: 'Effective from', cell: (v) => effectiveText(v.effectiveFrom) },
    { key: 'status', label: 'Status', cell: (v) => <span class={`badge version-${statusOf(v, inForce).replace(' ', '-')}`}>{statusOf(v, inForce)}</span> },
    { key: 'changes', label: 'Rules changed', numeric: true, cell: (v) => {
      const before = versions.find((o) => o.version === v.version - 1);
      return before ? ruleChanges(before, v).length : '—';
    } },
  ];
  return (
    <>
      <p class="in-force" data-version={inForce.version}>
        <strong>Version {inForce.version}</strong> is in force, {inForce.effectiveFrom.startsWith('0001-') ? 'from the start' : `since ${effectiveText(inForce.effectiveFrom)}`}.
        {selected.version !== inForce.version && <> <a href={href('program')}>Show it</a></>}
      </p>
      <section class="panel program-versions" aria-labelledby="versions-title">
        <h2 id="versions-title">Every version</h2>
        <Table caption="The program's versions, oldest first: facts are judged by the version in force when they occurred" columns={columns} rows={versions} rowKey={(v) => String(v.version)} />
      </section>
      <h2 id="rules-title" data-version={selected.version}>
        Rules of version {selected.version} ({statusOf(selected, inForce)}, {effectiveText(selected.effectiveFrom).toLowerCase()})
      </h2>
      {previous && <Changes before={previous} after={selected} />}
      <ProgramRulesView rules={selected} />
    </>
  );
}

function Changes({ before, after }: { before: ProgramRules; after: ProgramRules }) {
  const changes = ruleChanges(before, after);
  return (
    <section class="panel" aria-labelledby="changes-title">
      <h3 id="changes-title">What version {after.version} changed from version {before.version}</h3>
      {changes.length === 0 ? (
        <p>Nothing but its date.</p>
      ) : (
        <Table
          caption={`Rules that version ${after.version} changed`}
          columns={[
            { key: 'rule', label: 'Rule', cell: (c) => ruleName(c.rule) },
            { key: 'before', label: `Version ${before.version}`, cell: (c) => c.before ?? <span class="help">not set</span> },
            { key: 'after', label: `Version ${after.version}`, cell: (c) => c.after ?? <span class="help">not set</span> },
          ]}
          rows={changes}
          rowKey={(c) => c.rule}
        />
      )}
    </section>
  );
}
