package suppress

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"gopkg.in/yaml.v3"
)

// marker starts every ignore directive.
const marker = "nhilint:ignore"

// comment is one comment of a scanned file that mentions the marker.
type comment struct {
	// line and col locate the comment's first character (its "#", "//"
	// or "/*"), 1-based, col in runes.
	line, col int
	// endLine is the line of the comment's last character: a /* */
	// comment may span lines.
	endLine int
	// own is true when nothing but blanks precede the comment on its
	// line: only such a comment also covers the line below it.
	own bool
	// body is the comment without its delimiters, trimmed.
	body string
}

// commentsOf returns the comments of a file that mention the marker,
// tokenized with the file's own syntax so a marker inside a string or a
// script block is not taken for a comment. JSON has no comments.
func commentsOf(file string, src []byte) []comment {
	if !bytes.Contains(src, []byte(marker)) {
		return nil
	}
	switch strings.ToLower(path.Ext(file)) {
	case ".yml", ".yaml":
		return yamlComments(src)
	case ".tf", ".hcl", ".tfvars":
		return hclComments(file, src)
	case ".json":
		return nil
	default:
		return plainComments(src)
	}
}

// yamlComments finds the marker lines that yaml.v3 also reports as
// comments (HeadComment, LineComment, FootComment) and that do not lie in a
// block scalar's content: yaml.v3 gives a comment's text but not its
// position, so the text is matched back to the source lines.
func yamlComments(src []byte) []comment {
	lines := splitLines(src)
	real := map[string]bool{}
	// inBlock[i] is true for line i+1 when it is block scalar content;
	// block scalars never overlap, so marking them is linear.
	inBlock := make([]bool, len(lines)+1)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break // io.EOF, or a parse error the parser already reported
		}
		walkYAML(&doc, func(n *yaml.Node) {
			for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
				for _, l := range strings.Split(c, "\n") {
					if strings.Contains(l, marker) {
						real[strings.TrimSpace(l)] = true
					}
				}
			}
			r, ok := blockRange(n, lines)
			if !ok {
				r, ok = quotedRange(n, lines)
			}
			if ok {
				for l := r.from; l <= r.to; l++ {
					inBlock[l-1] = true
				}
			}
		})
	}
	var out []comment
	for i, l := range lines {
		if !strings.Contains(l, marker) || inBlock[i] {
			continue
		}
		if c, ok := yamlLineComment(l, i+1, real); ok {
			out = append(out, c)
		}
	}
	return out
}

// yamlLineComment returns the comment of one source line: a "#" at the
// line start or after a blank whose text yaml.v3 reported as a comment.
func yamlLineComment(l string, lineNo int, real map[string]bool) (comment, bool) {
	for j := 0; j < len(l); j++ {
		if l[j] != '#' || (j > 0 && l[j-1] != ' ' && l[j-1] != '\t') {
			continue
		}
		if !real[strings.TrimSpace(l[j:])] {
			continue
		}
		return comment{
			line: lineNo, col: utf8.RuneCountInString(l[:j]) + 1, endLine: lineNo,
			own:  strings.TrimSpace(l[:j]) == "",
			body: strings.TrimSpace(l[j+1:]),
		}, true
	}
	return comment{}, false
}

// walkYAML visits n and its content, never following aliases (an alias
// bomb stays as small as it is written).
func walkYAML(n *yaml.Node, visit func(*yaml.Node)) {
	visit(n)
	for _, c := range n.Content {
		walkYAML(c, visit)
	}
}

// lineRange is an inclusive range of 1-based lines.
type lineRange struct{ from, to int }

// blockRange is the lines of a literal or folded block scalar's content:
// from the line after its indicator while lines are blank or indented at
// least as much as its first non-blank line (YAML 1.2 §8.1.1.1).
func blockRange(n *yaml.Node, lines []string) (lineRange, bool) {
	if n.Kind != yaml.ScalarNode || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 || n.Value == "" {
		return lineRange{}, false
	}
	r := lineRange{from: n.Line + 1, to: n.Line}
	indent := -1
	for i := n.Line; i < len(lines); i++ { // lines[i] is line i+1
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			continue
		}
		in := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 {
			indent = in
		}
		if in < indent {
			break
		}
		r.to = i + 1
	}
	return r, r.to >= r.from
}

// quotedRange is the inner lines of a quoted scalar that spans lines
// (neither the first nor the closing one): yaml.v3 matches comments back by text only, so a line of such a
// string that reads like a real comment elsewhere must not be taken for
// one. Plain scalars need no range: " #" always starts a comment there.
func quotedRange(n *yaml.Node, lines []string) (lineRange, bool) {
	if n.Kind != yaml.ScalarNode || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 ||
		n.Line < 1 || n.Line > len(lines) {
		return lineRange{}, false
	}
	quote := '"'
	if n.Style&yaml.SingleQuotedStyle != 0 {
		quote = '\''
	}
	first := []rune(lines[n.Line-1])
	if n.Column < 1 || n.Column > len(first) || first[n.Column-1] != quote {
		return lineRange{}, false // not where yaml.v3 says: claim nothing
	}
	escaped := false
	for i := n.Line - 1; i < len(lines); i++ {
		l := []rune(lines[i])
		from := 0
		if i == n.Line-1 {
			from = n.Column
		}
		for j := from; j < len(l); j++ {
			switch c := l[j]; {
			case escaped:
				escaped = false
			case quote == '"' && c == '\\':
				escaped = true
			case c == quote && quote == '\'' && j+1 < len(l) && l[j+1] == '\'':
				j++ // '' is an escaped quote
			case c == quote:
				// The closing line stays out: a comment may follow the
				// quote there.
				return lineRange{from: n.Line + 1, to: i}, i > n.Line
			}
		}
		escaped = false // a trailing backslash escapes the line break
	}
	return lineRange{}, false
}

// hclComments lexes an HCL file with hclsyntax: its TokenComment tokens
// are exactly the "#", "//" and "/* */" comments, never heredoc or string
// content.
func hclComments(file string, src []byte) []comment {
	toks, _ := hclsyntax.LexConfig(src, file, hcl.InitialPos)
	var out []comment
	for _, t := range toks {
		if t.Type != hclsyntax.TokenComment || !bytes.Contains(t.Bytes, []byte(marker)) {
			continue
		}
		out = append(out, hclComment(src, t))
	}
	return out
}

func hclComment(src []byte, t hclsyntax.Token) comment {
	start := t.Range.Start.Byte
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	text := strings.TrimRight(string(t.Bytes), "\r\n")
	body := text
	switch {
	case strings.HasPrefix(body, "/*"):
		body = strings.TrimSuffix(strings.TrimPrefix(body, "/*"), "*/")
	case strings.HasPrefix(body, "//"):
		body = body[2:]
	default:
		body = strings.TrimPrefix(body, "#")
	}
	return comment{
		line:    t.Range.Start.Line,
		col:     utf8.RuneCount(src[lineStart:start]) + 1,
		endLine: t.Range.Start.Line + strings.Count(text, "\n"),
		own:     len(bytes.TrimSpace(src[lineStart:start])) == 0,
		body:    strings.TrimSpace(body),
	}
}

// plainComments reads other text files (searched for secrets only) line
// by line: the marker counts when a "#", "//", "/*", "--", ";" or "<!--"
// comment opener, and only blanks, come right before it.
func plainComments(src []byte) []comment {
	var out []comment
	for i, l := range splitLines(src) {
		j := strings.Index(l, marker)
		if j < 0 {
			continue
		}
		before := strings.TrimRight(l[:j], " \t")
		for _, opener := range []string{"<!--", "//", "/*", "--", "#", ";"} {
			if !strings.HasSuffix(before, opener) {
				continue
			}
			at := len(before) - len(opener)
			body := strings.TrimSpace(l[j:])
			body = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(body, "-->"), "*/"))
			out = append(out, comment{
				line: i + 1, col: utf8.RuneCountInString(l[:at]) + 1, endLine: i + 1,
				own: strings.TrimSpace(l[:at]) == "", body: body,
			})
			break
		}
	}
	return out
}

// splitLines splits src into lines without their line breaks.
func splitLines(src []byte) []string {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	return strings.Split(s, "\n")
}
