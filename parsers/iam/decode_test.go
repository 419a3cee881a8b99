package iam

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhilint/nhilint/graph"
)

func TestDecodeJSONPositions(t *testing.T) {
	src := "\ufeff{\r\n  \"Ünï\": [\"é\", 1.5e3, true, null],\r\n  \"b\": {\"c\": \"d\"}, \"b\": \"dup\"\r\n}\r\n"
	v, err := DecodeJSON("p.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != Object || len(v.Fields) != 3 {
		t.Fatalf("top value: kind %v, %d fields", v.Kind, len(v.Fields))
	}
	arr := v.Fields[0].Value
	tests := []struct {
		name string
		got  *Value
		kind Kind
		text string
		want graph.Pos
	}{
		{"object", v, Object, "", graph.Pos{Line: 1, Col: 1}},
		{"array", arr, Array, "", at(t, src, `["é"`, 0)},
		{"unicode string", arr.Items[0], String, "é", at(t, src, `"é"`, 0)},
		{"number", arr.Items[1], Number, "1.5e3", at(t, src, "1.5e3", 0)},
		{"bool", arr.Items[2], Bool, "true", at(t, src, "true", 0)},
		{"null", arr.Items[3], Null, "", at(t, src, "null", 0)},
		{"nested", v.Fields[1].Value.Fields[0].Value, String, "d", at(t, src, `"d"`, 0)},
		{"duplicate kept", v.Fields[2].Value, String, "dup", at(t, src, `"dup"`, 0)},
	}
	for _, tt := range tests {
		if tt.got.Kind != tt.kind || tt.got.Text != tt.text || tt.got.Pos != tt.want || tt.got.File != "p.json" {
			t.Errorf("%s: got %v %q at %v in %s, want %v %q at %v", tt.name, tt.got.Kind, tt.got.Text, tt.got.Pos, tt.got.File, tt.kind, tt.text, tt.want)
		}
	}
	keys := []struct {
		i    int
		key  string
		want graph.Pos
	}{
		{0, "Ünï", graph.Pos{Line: 2, Col: 3}},
		{1, "b", at(t, src, `"b"`, 0)},
		{2, "b", at(t, src, `"b"`, 1)},
	}
	for _, k := range keys {
		if f := v.Fields[k.i]; f.Key != k.key || f.KeyPos != k.want {
			t.Errorf("field %d: got %q at %v, want %q at %v", k.i, f.Key, f.KeyPos, k.key, k.want)
		}
	}
	if got := v.Get("b"); got.Text != "dup" {
		t.Errorf("Get returns %q, want the last duplicate", got.Text)
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      graph.Pos
	}{
		{"missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", graph.Pos{Line: 3, Col: 3}},
		{"truncated", "{\"a\": [1,", graph.Pos{Line: 1, Col: 10}},
		{"trailing data", "{}\n{}", graph.Pos{Line: 2, Col: 1}},
		{"bad literal", "[tru]", graph.Pos{Line: 1, Col: 5}},
		{"deep", deep(100), graph.Pos{Line: 1, Col: 66}},
		{"empty", "", graph.Pos{Line: 1, Col: 1}},
	}
	for _, tt := range tests {
		_, err := DecodeJSON("x.json", []byte(tt.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want a SyntaxError", tt.name, err)
			continue
		}
		if se.Pos != tt.want || se.File != "x.json" {
			t.Errorf("%s: error %v at %v, want %v", tt.name, se, se.Pos, tt.want)
		}
	}
}

// deep is n nested arrays.
func deep(n int) string {
	s := ""
	for range n {
		s += "["
	}
	for range n {
		s += "]"
	}
	return s
}

func TestShift(t *testing.T) {
	v, err := DecodeJSON("main.tf", []byte("{\"a\":\n  \"b\"}"))
	if err != nil {
		t.Fatal(err)
	}
	v.Shift("main.tf", 10, 5)
	if v.Pos != (graph.Pos{Line: 10, Col: 5}) || v.Fields[0].KeyPos != (graph.Pos{Line: 10, Col: 6}) || v.Fields[0].Value.Pos != (graph.Pos{Line: 11, Col: 3}) {
		t.Errorf("shifted to %v, key %v, value %v", v.Pos, v.Fields[0].KeyPos, v.Fields[0].Value.Pos)
	}
	v.Relocate("plan.json", graph.Pos{Line: 3, Col: 7})
	if v.Fields[0].Value.File != "plan.json" || v.Fields[0].KeyPos != (graph.Pos{Line: 3, Col: 7}) {
		t.Errorf("relocated to %s %v", v.Fields[0].Value.File, v.Fields[0].KeyPos)
	}
}

// TestDecodeJSONLongLine: a minified policy is one long line; columns are
// counted incrementally (this takes seconds if each recounts the line).
func TestDecodeJSONLongLine(t *testing.T) {
	const n = 200000
	var b strings.Builder
	b.WriteString(`{"Statement": [{"Effect": "Allow", "Action": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"é:x"`)
	}
	b.WriteString(`]}]}`)
	src := b.String()
	v, err := DecodeJSON("p.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	last := v.Get("Statement").Items[0].Get("Action").Items[n-1]
	want := graph.Pos{Line: 1, Col: utf8.RuneCountInString(src[:strings.LastIndex(src, `"é:x"`)]) + 1}
	if last.Pos != want {
		t.Errorf("last action at %v, want %v", last.Pos, want)
	}
}
