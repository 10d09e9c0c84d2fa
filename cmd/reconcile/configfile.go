package main

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// yamlLiterals is the koanf parser of a --config file. It keeps every
// scalar as the text it was written as ("0.10", "2026-10", "1e6"), not as
// the float, date or integer YAML would make of it: a value reaches its flag
// exactly as if it had been typed on the command line, so an amount never
// passes through float64 and a flag's own parser judges it. A list becomes
// a []string; a mapping (a command's section) a map.
type yamlLiterals struct{}

func (yamlLiterals) Unmarshal(b []byte) (map[string]any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return map[string]any{}, nil // an empty file
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return map[string]any{}, nil // only comments
	}
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: want a mapping of flag names to values (db: reconcile.duckdb)", top.Line)
	}
	m, err := yamlLiteral(top)
	if err != nil {
		return nil, err
	}
	return m.(map[string]any), nil
}

func (yamlLiterals) Marshal(map[string]any) ([]byte, error) {
	return nil, errors.New("a config file is only read")
}

func yamlLiteral(n *yaml.Node) (any, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "", nil
		}
		return n.Value, nil
	case yaml.SequenceNode:
		list := make([]string, 0, len(n.Content))
		for _, e := range n.Content {
			if e.Kind == yaml.AliasNode {
				e = e.Alias
			}
			if e.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a list holds values, not lists or mappings", e.Line)
			}
			list = append(list, e.Value)
		}
		return list, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a key is a flag or command name", k.Line)
			}
			if _, dup := m[k.Value]; dup {
				return nil, fmt.Errorf("line %d: %s given twice", k.Line, k.Value)
			}
			val, err := yamlLiteral(v)
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		return m, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML", n.Line)
}
