package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// Exit codes. When several apply, the highest-precedence wins:
// usage > incomplete > findings > clean.
const (
	// exitClean: no finding at or above --fail-on, every file scanned.
	exitClean = 0
	// exitFindings: at least one finding at or above --fail-on.
	exitFindings = 1
	// exitUsage: bad flags, arguments, policies or configuration.
	exitUsage = 2
	// exitIncomplete: a file could not be read or parsed; the other files
	// were still scanned and reported.
	exitIncomplete = 3
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

const usage = `nhilint finds risky non-human identities in CI/CD pipelines.

Usage:
  nhilint scan [flags] [PATH...]   scan files or directories (default ".")
  nhilint baseline [flags] [PATH...]
                                   write the current findings to
                                   .nhilint-baseline.json (--output FILE);
                                   "scan --baseline FILE" then reports
                                   only new findings
  nhilint rules [--format text|json]
                                   list the rules
  nhilint explain [--format text|json|markdown] RULE-ID
                                   describe a rule: why it matters, a
                                   flagged and a fixed example, the fix
  nhilint graph [PATH...]          print the document graph the rules
                                   evaluate, as JSON (docs/input.md)
  nhilint inventory [--format table|json|csv] [PATH...]
                                   list the non-human identities: where
                                   each is defined, how it authenticates,
                                   what it can reach, who uses it
  nhilint version                  print the version

Run "nhilint scan -h" for the scan flags.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or
configuration error, 3 a file could not be read or parsed (the rest was
still scanned and reported).
`

// run is the whole program, with its environment injected so tests can
// drive it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "scan":
		return runScan(ctx, args[1:], stdout, stderr)
	case "baseline":
		return runBaseline(ctx, args[1:], stdout, stderr)
	case "rules":
		return runRules(ctx, args[1:], stdout, stderr)
	case "explain":
		return runExplain(ctx, args[1:], stdout, stderr)
	case "graph":
		return runGraph(ctx, args[1:], stdout, stderr)
	case "inventory":
		return runInventory(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "nhilint %s\n", buildVersion())
		return exitClean
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitClean
	default:
		fmt.Fprintf(stderr, "nhilint: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
}

// buildVersion is the release version, else the module version `go
// install` recorded, else "dev".
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
