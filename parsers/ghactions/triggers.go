package ghactions

import (
	"sort"

	"github.com/rhysd/actionlint"

	"github.com/nhilint/nhilint/graph"
)

// triggers converts actionlint's parsed `on:` events to event name →
// filters (docs/input.md), recording the key "on.<event>" of each.
func (nb *nodeBuild) triggers(events []actionlint.Event) map[string]any {
	out := map[string]any{}
	for _, ev := range events {
		name, f, pos := trigger(ev)
		if name == "" {
			continue
		}
		if prev, ok := out[name].(map[string]any); ok {
			// `on: [push, push]`: one event; keep what each spelling adds.
			for k, v := range f {
				prev[k] = v
			}
			continue
		}
		out[name] = f
		if pos != nil {
			nb.node.KeyPos["on."+name] = graph.Pos{Line: pos.Line, Col: pos.Col}
		}
	}
	return out
}

// trigger gives an event's name, filters and position.
func trigger(ev actionlint.Event) (string, map[string]any, *actionlint.Pos) {
	f := map[string]any{}
	switch e := ev.(type) {
	case *actionlint.WebhookEvent:
		if e.Hook == nil {
			return "", nil, nil
		}
		webhookFilters(f, e)
		return e.Hook.Value, f, e.Pos
	case *actionlint.ScheduledEvent:
		crons := []any{}
		for _, s := range e.Schedules {
			if s != nil && s.Cron != nil {
				crons = append(crons, s.Cron.Value)
			}
		}
		f["cron"] = crons
		return e.EventName(), f, e.Pos
	case *actionlint.WorkflowDispatchEvent:
		names := make([]*actionlint.String, 0, len(e.Inputs))
		for _, in := range e.Inputs {
			if in != nil {
				names = append(names, in.Name)
			}
		}
		f["inputs"] = inOrder(names)
		return e.EventName(), f, e.Pos
	case *actionlint.RepositoryDispatchEvent:
		putStrings(f, "types", e.Types)
		return e.EventName(), f, e.Pos
	case *actionlint.WorkflowCallEvent:
		workflowCall(f, e)
		return e.EventName(), f, e.Pos
	case *actionlint.ImageVersionEvent:
		putStrings(f, "names", e.Names)
		putStrings(f, "versions", e.Versions)
		return e.EventName(), f, e.Pos
	}
	return "", nil, nil
}

// webhookFilters copies the filters written on a webhook event.
func webhookFilters(f map[string]any, e *actionlint.WebhookEvent) {
	putStrings(f, "types", e.Types)
	putStrings(f, "workflows", e.Workflows)
	for name, flt := range map[string]*actionlint.WebhookEventFilter{
		"branches": e.Branches, "branches_ignore": e.BranchesIgnore,
		"tags": e.Tags, "tags_ignore": e.TagsIgnore,
		"paths": e.Paths, "paths_ignore": e.PathsIgnore,
	} {
		if flt != nil {
			f[name] = values(flt.Values)
		}
	}
}

// workflowCall lists the inputs and secrets a reusable workflow declares.
func workflowCall(f map[string]any, e *actionlint.WorkflowCallEvent) {
	inputs := make([]*actionlint.String, 0, len(e.Inputs))
	for _, in := range e.Inputs {
		if in != nil {
			inputs = append(inputs, in.Name)
		}
	}
	secrets := make([]*actionlint.String, 0, len(e.Secrets))
	for _, s := range e.Secrets {
		if s != nil {
			secrets = append(secrets, s.Name)
		}
	}
	f["inputs"], f["secrets"] = inOrder(inputs), inOrder(secrets)
}

// putStrings sets f[name] when the filter was written.
func putStrings(f map[string]any, name string, ss []*actionlint.String) {
	if ss != nil {
		f[name] = values(ss)
	}
}

// values lists the values of strings.
func values(ss []*actionlint.String) []any {
	out := make([]any, 0, len(ss))
	for _, s := range ss {
		if s != nil {
			out = append(out, s.Value)
		}
	}
	return out
}

// inOrder lists names in source order (actionlint keeps them in maps).
func inOrder(ss []*actionlint.String) []any {
	known := make([]*actionlint.String, 0, len(ss))
	for _, s := range ss {
		if s != nil && s.Pos != nil {
			known = append(known, s)
		}
	}
	sort.SliceStable(known, func(i, j int) bool { return known[i].Pos.IsBefore(known[j].Pos) })
	return values(known)
}
