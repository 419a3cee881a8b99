package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/nhilint/nhilint/graph"
)

// maxDepth bounds the nesting of decoded JSON: a policy is at most five
// levels deep, so anything far deeper is hostile or not a policy, and the
// recursive decoder must not follow it.
const maxDepth = 64

// bom is the UTF-8 byte order mark editors may write before JSON; it is
// skipped and not counted in columns.
const bom = "\xef\xbb\xbf"

// SyntaxError is JSON that does not decode, at the position where the
// decoder stopped.
type SyntaxError struct {
	File string
	Pos  graph.Pos
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// lineIndex converts byte offsets of one text to 1-based lines and rune
// columns. Lines end at \n (a \r before it is part of the line end and
// never counted in a column of a value).
type lineIndex struct {
	src   []byte
	lines []int // byte offset where each line starts; lines[0] skips a BOM
	// The last position converted: the decoder asks for increasing
	// offsets, so columns are counted from there, not from the line start
	// (a minified policy is one long line: recounting would be quadratic).
	last    int
	lastPos graph.Pos
}

func newLineIndex(src []byte) *lineIndex {
	start := 0
	if bytes.HasPrefix(src, []byte(bom)) {
		start = len(bom)
	}
	lines := []int{start}
	for i := start; i < len(src); i++ {
		if src[i] == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &lineIndex{src: src, lines: lines}
}

// pos converts a byte offset to a position.
func (x *lineIndex) pos(off int) graph.Pos {
	off = max(min(off, len(x.src)), x.lines[0])
	i := sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > off }) - 1
	from, col := x.lines[i], 1
	if x.lastPos.Line == i+1 && x.last <= off {
		from, col = x.last, x.lastPos.Col
	}
	p := graph.Pos{Line: i + 1, Col: col + utf8.RuneCount(x.src[from:off])}
	x.last, x.lastPos = off, p
	return p
}

// decoder walks the tokens of a json.Decoder and locates each one.
type decoder struct {
	file string
	src  []byte // the whole text: offsets index it, BOM included
	base int    // length of the skipped BOM
	dec  *json.Decoder
	idx  *lineIndex
}

// DecodeJSON decodes JSON text with the position of every value, as
// written in file (line and column of src). Object members keep their
// source order, duplicate keys included: the normalization decides what a
// duplicate means. Invalid JSON is a *SyntaxError with the position where
// decoding stopped.
func DecodeJSON(file string, src []byte) (*Value, error) {
	d := &decoder{file: file, src: src, idx: newLineIndex(src)}
	body := src
	if bytes.HasPrefix(src, []byte(bom)) {
		d.base = len(bom)
		body = src[len(bom):]
	}
	d.dec = json.NewDecoder(bytes.NewReader(body))
	d.dec.UseNumber()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	rest := d.idx.pos(d.start())
	if _, err := d.dec.Token(); err != io.EOF {
		return nil, &SyntaxError{File: file, Pos: rest, Msg: "unexpected data after the top-level value"}
	}
	return v, nil
}

// start is the offset where the next token begins: the decoder's offset
// is the end of the previous token, before any separator.
func (d *decoder) start() int {
	off := d.base + int(d.dec.InputOffset())
	for off < len(d.src) {
		switch d.src[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// errorf is a SyntaxError at the next token.
func (d *decoder) errorf(format string, args ...any) error {
	return &SyntaxError{File: d.file, Pos: d.idx.pos(d.start()), Msg: fmt.Sprintf(format, args...)}
}

// wrap turns a decoder error into a located SyntaxError.
func (d *decoder) wrap(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read before the offending one.
		off := d.base + int(se.Offset)
		return &SyntaxError{File: d.file, Pos: d.idx.pos(off), Msg: se.Error()}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &SyntaxError{File: d.file, Pos: d.idx.pos(len(d.src)), Msg: "unexpected end of JSON"}
	}
	return &SyntaxError{File: d.file, Pos: d.idx.pos(d.start()), Msg: err.Error()}
}

// value decodes the next value.
func (d *decoder) value(depth int) (*Value, error) {
	if depth > maxDepth {
		return nil, d.errorf("JSON nested deeper than %d levels", maxDepth)
	}
	at := d.idx.pos(d.start())
	tok, err := d.dec.Token()
	if err != nil {
		return nil, d.wrap(err)
	}
	v := &Value{File: d.file, Pos: at}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return v, d.object(v, depth)
		}
		if t == '[' {
			return v, d.array(v, depth)
		}
		return nil, &SyntaxError{File: d.file, Pos: at, Msg: fmt.Sprintf("unexpected %q", rune(t))}
	case string:
		v.Kind, v.Text = String, t
	case json.Number:
		v.Kind, v.Text = Number, string(t)
	case bool:
		v.Kind, v.Text = Bool, fmt.Sprint(t)
	case nil:
		v.Kind = Null
	}
	return v, nil
}

// object decodes the members of an object whose '{' was read.
func (d *decoder) object(v *Value, depth int) error {
	v.Kind = Object
	for d.dec.More() {
		keyAt := d.idx.pos(d.start())
		tok, err := d.dec.Token()
		if err != nil {
			return d.wrap(err)
		}
		key, ok := tok.(string)
		if !ok {
			return &SyntaxError{File: d.file, Pos: keyAt, Msg: "object key is not a string"}
		}
		val, err := d.value(depth + 1)
		if err != nil {
			return err
		}
		v.Fields = append(v.Fields, Field{Key: key, KeyPos: keyAt, Value: val})
	}
	return d.end()
}

// array decodes the items of an array whose '[' was read.
func (d *decoder) array(v *Value, depth int) error {
	v.Kind = Array
	for d.dec.More() {
		item, err := d.value(depth + 1)
		if err != nil {
			return err
		}
		v.Items = append(v.Items, item)
	}
	return d.end()
}

// end reads the closing delimiter of an object or array.
func (d *decoder) end() error {
	if _, err := d.dec.Token(); err != nil {
		return d.wrap(err)
	}
	return nil
}
