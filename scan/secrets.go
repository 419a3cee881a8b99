package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/identity"
	"github.com/nhilint/nhilint/secrets"
)

// Values of Options.Secrets: which files gitleaks' rules read.
const (
	// SecretsRead (the default, also "") searches every file the scan
	// read: the files of every document, includes and modules included.
	SecretsRead = "read"
	// SecretsAll also searches every other regular text file of the tree.
	SecretsAll = "all"
	// SecretsOff searches nothing.
	SecretsOff = "off"
)

// binarySniff is how much of a file is looked at for a NUL byte, the mark
// of a binary file (git's own test).
const binarySniff = 8 << 10

// ValidSecrets reports whether mode is a valid Options.Secrets value.
func ValidSecrets(mode string) bool {
	return mode == "" || mode == SecretsRead || mode == SecretsAll || mode == SecretsOff
}

// secretFile is one file the detector reads.
type secretFile struct {
	rel string
	src []byte
}

// findSecrets runs the detector over the files of docs and, with
// SecretsAll, over others (read here). It returns one document per file
// with secrets, in file order, and the diagnostics of files it could not
// read.
func (s *Scanner) findSecrets(ctx context.Context, docs []*graph.Document, others []target) ([]*graph.Document, []graph.Diagnostic, error) {
	if s.opts.Secrets == SecretsOff {
		return nil, nil, nil
	}
	det, err := s.detector()
	if err != nil {
		return nil, nil, fmt.Errorf("secret detector: %w", err)
	}
	files := readFiles(docs)
	extra, diags := s.readOthers(others, files)
	files = append(files, extra...)
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })

	out := make([]*graph.Document, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range s.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = det.Document(ctx, files[i].rel, files[i].src)
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return slices.DeleteFunc(out, func(d *graph.Document) bool { return d == nil }), diags, nil
}

// readFiles lists the files the parsers read, each once: a document's
// own file and the includes or module files it holds.
func readFiles(docs []*graph.Document) []secretFile {
	seen := map[string]bool{}
	var out []secretFile
	add := func(rel string, src []byte) {
		if src == nil || seen[rel] {
			return
		}
		seen[rel] = true
		out = append(out, secretFile{rel, src})
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		add(d.File, d.Source)
		for _, rel := range sortedKeys(d.Sources) {
			add(rel, d.Sources[rel])
		}
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// readOthers reads the files no parser read (SecretsAll), skipping those
// already in read and binary files (a NUL byte in the first 8 KiB). A
// file over the size limit is reported as a warning: it may be any large
// asset, and the scan of everything else is complete.
func (s *Scanner) readOthers(others []target, read []secretFile) ([]secretFile, []graph.Diagnostic) {
	seen := map[string]bool{}
	for _, f := range read {
		seen[f.rel] = true
	}
	var out []secretFile
	var diags []graph.Diagnostic
	for _, t := range others {
		if seen[t.rel] {
			continue
		}
		seen[t.rel] = true
		src, err := readLimited(t.abs, s.opts.MaxFileSize)
		switch {
		case errors.Is(err, errTooLarge):
			diags = append(diags, graph.Diagnostic{File: t.rel, Severity: graph.SevWarning, Code: "file-too-large",
				Message: fmt.Sprintf("not searched for secrets: larger than the %d-byte limit (raise it with --max-file-size)", s.opts.MaxFileSize)})
		case err != nil:
			diags = append(diags, readError(t.rel, err))
		case !bytes.Contains(src[:min(len(src), binarySniff)], []byte{0}):
			out = append(out, secretFile{t.rel, src})
		}
	}
	return out, diags
}

// otherFiles lists, for SecretsAll, every regular file under paths, with
// the same walk as discover: .git and node_modules skipped, symbolic
// links not followed. findSecrets skips those a parser already read. The
// walk's diagnostics are discover's and are not repeated.
func (s *Scanner) otherFiles(root string, paths []string) []target {
	if s.opts.Secrets != SecretsAll {
		return nil
	}
	var out []target
	add := func(abs string) {
		out = append(out, target{abs: abs, rel: relSlash(root, abs)})
	}
	for _, p := range paths {
		info, err := os.Lstat(p)
		switch {
		case err != nil:
		case info.IsDir():
			s.walk(root, p, add, nil)
		case info.Mode().IsRegular():
			add(p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

// countParsed counts the documents of parsed files, not the secrets
// documents added beside them.
func countParsed(docs []*graph.Document) int {
	n := 0
	for _, d := range docs {
		if d.Kind != secrets.FileKind && d.Kind != identity.Kind {
			n++
		}
	}
	return n
}

// maskDiagnostics masks, in the messages of g's diagnostics, every secret
// the secret search found. A parser may quote the text it choked on
// (actionlint: unexpected key "ghp_…" for step), and every report and
// command prints the diagnostics; findings are masked by the engine, these
// are not. The documents' own diagnostics are left as they are.
func maskDiagnostics(g *graph.Graph) {
	var found []string
	for _, d := range g.Documents {
		if d.Kind != secrets.FileKind {
			continue
		}
		for _, n := range d.Nodes {
			if s, _ := n.Attrs["secret"].(string); n.Kind == secrets.MatchKind && s != "" {
				found = append(found, s)
			}
		}
	}
	if len(found) == 0 {
		return
	}
	mask := engine.MaskSecrets(found)
	for i := range g.Diagnostics {
		g.Diagnostics[i].Message = mask(g.Diagnostics[i].Message)
	}
}
