package pricing

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// maxBookBytes bounds the price book text; a real one is well under 10 KiB.
const maxBookBytes = 1 << 20

// Parse reads a price book in the YAML format of SPEC §4, checks it with
// Validate and returns it with its versions sorted by EffectiveFrom.
//
// Numbers are read from their text, never through float64, so a rate of
// 0.20 is exactly 20 hundredths. Every key must be known and every rate
// present. Errors are *BookError values naming the key, such as
// "pricebook: versions[1].generative.ultra: missing rate (line 9)"; a
// version's index is its position in the file.
func Parse(r io.Reader) (*Book, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBookBytes+1))
	if err != nil {
		return nil, fmt.Errorf("pricebook: read: %w", err)
	}
	if len(data) > maxBookBytes {
		return nil, bookErrorf("", 0, "larger than %d bytes; is this a price book?", maxBookBytes)
	}
	root, err := decodeYAML(data)
	if err != nil {
		return nil, err
	}
	if err := noAliases(root); err != nil {
		return nil, err
	}
	b, err := parseBook(root)
	if err != nil {
		return nil, err
	}
	if err := b.validate(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(b.Versions, func(x, y Version) int { return x.EffectiveFrom.Compare(y.EffectiveFrom) })
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return b, nil
}

// decodeYAML returns the root node of the single YAML document in data.
func decodeYAML(data []byte) (root *yaml.Node, err error) {
	defer func() {
		// The decoder is third-party code fed untrusted text; a bug in it
		// must become an error, not a crash of the caller.
		if p := recover(); p != nil {
			root, err = nil, bookErrorf("", 0, "YAML decoder failed: %v", p)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, bookErrorf("", 0, "empty; want a list of versions")
		}
		return nil, &BookError{Err: err}
	}
	var more yaml.Node
	switch err := dec.Decode(&more); {
	case err == nil:
		return nil, bookErrorf("", more.Line, "more than one YAML document")
	case !errors.Is(err, io.EOF):
		return nil, &BookError{Err: err}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, bookErrorf("", doc.Line, "empty; want a list of versions")
	}
	return doc.Content[0], nil
}

// noAliases rejects YAML aliases: a price book is small enough to write out
// in full, and a reader of it should not have to resolve references.
func noAliases(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		return bookErrorf("", n.Line, "YAML aliases (*%s) are not supported; write the value out", n.Value)
	}
	for _, c := range n.Content {
		if err := noAliases(c); err != nil {
			return err
		}
	}
	return nil
}

func parseBook(n *yaml.Node) (*Book, error) {
	fields, err := mapping(n, "")
	if err != nil {
		return nil, err
	}
	var b Book
	var seen bool
	for _, f := range fields {
		if f.key != "versions" {
			return nil, unknownKey(f)
		}
		seen = true
		if f.val.Kind != yaml.SequenceNode {
			return nil, bookErrorf("versions", f.val.Line, "want a list of versions, got %s", describe(f.val))
		}
		for i, vn := range f.val.Content {
			v, err := parseVersion(vn, fmt.Sprintf("versions[%d]", i))
			if err != nil {
				return nil, err
			}
			b.Versions = append(b.Versions, v)
		}
	}
	if !seen {
		return nil, bookErrorf("versions", n.Line, "missing key")
	}
	return &b, nil
}

func parseVersion(n *yaml.Node, path string) (Version, error) {
	var v Version
	fields, err := mapping(n, path)
	if err != nil {
		return v, err
	}
	seen := map[string]bool{}
	for _, f := range fields {
		switch f.key {
		case "version":
			v.Name, err = parseName(f)
		case "effective_from":
			v.EffectiveFrom, err = parseTime(f)
		case "ad_min_seconds":
			v.AdMinSeconds, err = parseSeconds(f)
		case "generative":
			var rates map[Model]Rate
			rates, err = parseRates(f, "model", ParseModel, "pro or ultra", models[:])
			for m, r := range rates {
				v.Generative[m] = r
			}
		case "actor_surcharge_per_minute":
			var rates map[Actor]Rate
			rates, err = parseRates(f, "actor", ParseActor, "none, human, virtual_pro or ai_avatar", surchargeActors[:])
			for a, r := range rates {
				v.ActorSurcharge[a] = r
			}
		case "video_minutes_media":
			v.VideoMinutesMedia, err = parseMediaList(f)
		case "edits":
			v.EditImage, v.EditClip, err = parseEdits(f)
		default:
			err = unknownKey(f)
		}
		if err != nil {
			return v, err
		}
		seen[f.key] = true
	}
	for _, k := range [...]string{"version", "effective_from", "ad_min_seconds", "generative",
		"actor_surcharge_per_minute", "video_minutes_media", "edits"} {
		if !seen[k] {
			msg := "missing key"
			if k == "version" {
				msg = "missing version name"
			}
			return v, bookErrorf(path+"."+k, n.Line, "%s", msg)
		}
	}
	return v, nil
}

func parseName(f field) (string, error) {
	s, err := text(f, "missing version name")
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", f.errorf("missing version name")
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "", f.errorf("version name %q has control characters", s)
	}
	return s, nil
}

func parseTime(f field) (time.Time, error) {
	s, err := text(f, "missing timestamp")
	if err != nil {
		return time.Time{}, err
	}
	for _, layout := range [...]string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, f.errorf("bad timestamp %q; want RFC 3339 like 2024-01-01T00:00:00Z, or a date like 2024-01-01 (midnight UTC)", s)
}

func parseSeconds(f field) (int64, error) {
	s, err := text(f, "missing value")
	if err != nil {
		return 0, err
	}
	if strings.HasPrefix(s, "-") {
		return 0, f.errorf("negative value %s", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || !allDigits(s) {
		return 0, f.errorf("%q is not a whole number of seconds", s)
	}
	if n > MaxAdMinSeconds {
		return 0, f.errorf("%d is above the maximum %d", n, int64(MaxAdMinSeconds))
	}
	return n, nil
}

// parseRates reads a mapping from names (of models or actors) to rates and
// checks that every name in required has one.
func parseRates[K comparable](f field, what string, parse func(string) (K, bool), known string, required []K) (map[K]Rate, error) {
	fields, err := mapping(f.val, f.path)
	if err != nil {
		return nil, err
	}
	rates := make(map[K]Rate, len(fields))
	for _, g := range fields {
		k, ok := parse(g.key)
		if !ok {
			return nil, g.errorf("unknown %s %q; want %s", what, g.key, known)
		}
		if rates[k], err = parseRate(g); err != nil {
			return nil, err
		}
	}
	for _, k := range required {
		if _, ok := rates[k]; !ok {
			return nil, bookErrorf(f.path+"."+fmt.Sprint(k), f.line, "missing rate")
		}
	}
	return rates, nil
}

func parseRate(f field) (Rate, error) {
	s, err := text(f, "missing rate")
	if err != nil {
		return 0, err
	}
	r, err := ParseRate(s)
	if err != nil {
		return 0, &BookError{Path: f.path, Line: f.val.Line, Err: err}
	}
	return r, nil
}

func parseMediaList(f field) ([]Media, error) {
	if f.val.Kind != yaml.SequenceNode {
		return nil, f.errorf("want a list of media such as [stock], got %s", describe(f.val))
	}
	list := make([]Media, 0, len(f.val.Content))
	for i, n := range f.val.Content {
		g := field{key: f.key, path: fmt.Sprintf("%s[%d]", f.path, i), line: n.Line, val: n}
		s, err := text(g, "missing media")
		if err != nil {
			return nil, err
		}
		m, ok := ParseMedia(s)
		if !ok {
			return nil, g.errorf("unknown media %q; want generative or stock", s)
		}
		if slices.Contains(list, m) {
			return nil, g.errorf("%s is listed twice", m)
		}
		list = append(list, m)
	}
	return list, nil
}

func parseEdits(f field) (image Rate, clip ClipRule, err error) {
	fields, err := mapping(f.val, f.path)
	if err != nil {
		return 0, clip, err
	}
	var seenImage, seenClip bool
	for _, g := range fields {
		switch g.key {
		case "image":
			seenImage = true
			image, err = parseRate(g)
		case "clip":
			seenClip = true
			if g.val.Kind == yaml.ScalarNode && g.val.Value == "model_rate" {
				clip.ModelRate = true
			} else {
				clip.PerMinute, err = parseRate(g)
			}
		default:
			err = unknownKey(g)
		}
		if err != nil {
			return 0, clip, err
		}
	}
	switch {
	case !seenImage:
		return 0, clip, bookErrorf(f.path+".image", f.line, "missing rate")
	case !seenClip:
		return 0, clip, bookErrorf(f.path+".clip", f.line, "missing; want model_rate or a rate per minute")
	}
	return image, clip, nil
}

// field is one key and its value in a YAML mapping, with the key's path
// and line.
type field struct {
	key, path string
	line      int
	val       *yaml.Node
}

func (f field) errorf(format string, args ...any) *BookError {
	return bookErrorf(f.path, f.val.Line, format, args...)
}

// mapping returns the keys and values of the mapping n, which is at path.
func mapping(n *yaml.Node, path string) ([]field, error) {
	if n.Kind != yaml.MappingNode {
		return nil, bookErrorf(path, n.Line, "want a mapping of keys to values, got %s", describe(n))
	}
	fields := make([]field, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, bookErrorf(path, k.Line, "a key is %s; want a name", describe(k))
		}
		p := k.Value
		if path != "" {
			p = path + "." + k.Value
		}
		for _, g := range fields {
			if g.key == k.Value {
				return nil, bookErrorf(p, k.Line, "duplicate key")
			}
		}
		fields = append(fields, field{key: k.Value, path: p, line: k.Line, val: v})
	}
	return fields, nil
}

// text returns the scalar value of f, or an error with msg if it is null.
func text(f field, missing string) (string, error) {
	switch {
	case f.val.Kind != yaml.ScalarNode:
		return "", f.errorf("want a single value, got %s", describe(f.val))
	case f.val.ShortTag() == "!!null":
		return "", f.errorf("%s", missing)
	}
	return f.val.Value, nil
}

func unknownKey(f field) *BookError {
	return bookErrorf(f.path, f.line, "unknown key")
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}
