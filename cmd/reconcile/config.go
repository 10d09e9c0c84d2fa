package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/knadh/koanf/providers/env/v2"
	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/reconcile/reconcile/internal/failpoint"
)

// Every flag of every command can also come from a RECONCILE_* variable
// or a --config YAML file: flag > environment > file > default. The flags
// are found in the commands' FlagSets, so a flag added to a command is
// configurable with no list to update. See "Configuration" in README.md.

const envPrefix = "RECONCILE_"

// notLayered are flags no variable or file key sets: --config names the file
// (RECONCILE_CONFIG aside), the rest only make sense typed.
var notLayered = map[string]bool{"help": true, "version": true, "config": true, "print-config": true}

// ownEnv are the RECONCILE_ variables that are no flag's: read elsewhere,
// they are not typos.
var ownEnv = map[string]bool{failpoint.Env: true}

// argsFlagAnnotation, in a command's Annotations, names the repeatable flag
// its arguments add to (run's paths are more --input values). Given such
// arguments, the flag counts as given on the command line: the input of the
// environment or the file is then not read as well.
const argsFlagAnnotation = "reconcile/args-flag"

// environ is the environment the layers read; a variable so that nothing
// else needs one.
var environ = os.Environ

// source says which layer gave a flag its value.
type source string

const (
	fromDefault source = "default"
	fromFlag    source = "flag"
	fromArgs    source = "arguments"
	fromEnv     source = "env"
	fromFile    source = "file"
)

// origin is where one flag's value came from.
type origin struct {
	Source source
	Env    string // RECONCILE_X, for fromEnv
	File   string // the config file, for fromFile
	Key    string // its key there: "db", or "run.db" in a command's section
	raw    any    // the value as the variable or the file gave it
	secret bool   // the flag's values are secrets: shown redacted
}

// String says where the value came from, as `reconcile config` prints it.
func (o origin) String() string {
	switch o.Source {
	case fromEnv:
		return "env " + o.Env
	case fromFile:
		return "file " + o.File + " (" + o.Key + ")"
	}
	return string(o.Source)
}

// given is the value as it was given, to start a message about it:
// "RECONCILE_TOLERANCE=abc", "reconcile.yaml: run.tolerance=abc".
func (o origin) given() string {
	v := ""
	switch x := o.raw.(type) {
	case string:
		v = printable(x)
		if o.secret {
			v = redactAll([]string{x})[0]
		}
	case []string:
		if o.secret {
			x = redactAll(x)
		}
		b, _ := json.Marshal(x)
		v = string(b)
	}
	if o.Source == fromEnv {
		return o.Env + "=" + v
	}
	return o.File + ": " + o.Key + "=" + v
}

// configLayers is what the hook learned about the command being run.
type configLayers struct {
	path    string // the config file, "" for none
	via     string // "--config" or "RECONCILE_CONFIG"
	origins map[string]origin
	print   string // --print-config: show the configuration instead of running
}

// withConfig makes every command of root take its flags from the
// environment and --config too. Call it once, after the commands are added.
func withConfig(root *cobra.Command) {
	l := &configLayers{}
	root.PersistentFlags().String("config", "", "YAML file of flag values (default: $RECONCILE_CONFIG); each flag is also a RECONCILE_ variable, e.g. RECONCILE_MEMORY_LIMIT; see reconcile config")
	root.PersistentFlags().StringVar(&l.print, "print-config", "", "show the configuration (text or json) instead of running; what reconcile config does")
	_ = root.PersistentFlags().MarkHidden("print-config")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if cmd.Name() == "help" || strings.HasPrefix(cmd.Name(), "__") || cmd.DisableFlagParsing {
			return nil // help, completion, and `reconcile config`, whose inner command has its turn
		}
		return l.apply(root, cmd, args)
	}
	var wrap func(c *cobra.Command)
	wrap = func(c *cobra.Command) {
		if run := c.RunE; run != nil && !c.DisableFlagParsing {
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if l.print != "" {
					return l.show(cmd, args)
				}
				return l.annotate(run(cmd, args))
			}
		}
		for _, sub := range c.Commands() {
			wrap(sub)
		}
	}
	wrap(root)
}

// apply sets every flag of cmd not given on the command line from the
// environment, else from the config file, and records where each value came
// from.
func (l *configLayers) apply(root, cmd *cobra.Command, args []string) error {
	known := layeredFlags(root)
	envs, err := loadEnv(known)
	if err != nil {
		return err
	}
	fl := cmd.Flags()
	l.path, l.via = "", ""
	if f := fl.Lookup("config"); f != nil && f.Changed {
		l.path, l.via = f.Value.String(), "--config"
	} else if envs.Exists("config") {
		l.path, l.via = envs.String("config"), "RECONCILE_CONFIG"
	}
	files := koanf.New(".")
	if l.path != "" {
		if err := files.Load(file.Provider(l.path), yamlLiterals{}); err != nil {
			return usagef("%s %s: %w", l.via, l.path, err)
		}
		if err := checkFile(root, l.path, files.Raw(), known); err != nil {
			return err
		}
	}
	section := ""
	if cmd.HasParent() && cmd.Parent() == root {
		section = cmd.Name()
	}

	l.origins = map[string]origin{}
	argsFlag := cmd.Annotations[argsFlagAnnotation]
	var errs []error
	fl.VisitAll(func(f *pflag.Flag) {
		o := origin{Source: fromDefault}
		switch {
		case f.Changed:
			o.Source = fromFlag
		case f.Name == argsFlag && len(args) > 0:
			o.Source = fromArgs
		case f.Name == "config" && l.via == "RECONCILE_CONFIG":
			o = origin{Source: fromEnv, Env: "RECONCILE_CONFIG"}
		case notLayered[f.Name]:
		case !f.Hidden && envs.Exists(f.Name):
			o = origin{Source: fromEnv, Env: envName(f.Name), raw: envs.Get(f.Name)}
		case section != "" && files.Exists(section+"."+f.Name):
			o = origin{Source: fromFile, File: l.path, Key: section + "." + f.Name, raw: files.Get(section + "." + f.Name)}
		case !f.Hidden && !isSection(root, f.Name) && files.Exists(f.Name):
			o = origin{Source: fromFile, File: l.path, Key: f.Name, raw: files.Get(f.Name)}
		}
		o.secret = isSecret(f)
		l.origins[f.Name] = o
		if o.raw != nil {
			if err := setFlag(f, o); err != nil {
				errs = append(errs, err)
			}
		}
	})
	if len(errs) > 0 {
		return usageError{errors.Join(errs...)}
	}
	return nil
}

// setFlag gives f the value o carries, through the flag's own parser, and
// marks it given (as gen's check of --events wants).
func setFlag(f *pflag.Flag, o origin) error {
	var list []string
	switch x := o.raw.(type) {
	case string:
		list = []string{x}
		if o.Source == fromEnv {
			list = envList(x)
		}
	case []string:
		list = x
	}
	var err error
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		err = sv.Replace(list)
	} else if _, ok := o.raw.([]string); ok {
		err = errors.New("want one value, not a list")
	} else {
		err = f.Value.Set(o.raw.(string))
	}
	if err != nil {
		return fmt.Errorf("%s: --%s: %w", o.given(), f.Name, err)
	}
	f.Changed = true
	return nil
}

// envList splits a RECONCILE_ variable of a repeatable flag into its
// values: one a line (a newline is in no path or URL one would use), empty
// lines left out.
func envList(s string) []string {
	var list []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSuffix(line, "\r"); line != "" {
			list = append(list, line)
		}
	}
	return list
}

// annotate says where a value came from when a command finds it bad: a
// usage error that names --x, whose value came from a variable or the file,
// starts with that variable or key.
func (l *configLayers) annotate(err error) error {
	var u usageError
	if err == nil || !errors.As(err, &u) {
		return err
	}
	msg := err.Error()
	type hit struct {
		at    int
		given string
	}
	var hits []hit
	for name, o := range l.origins {
		if o.Source != fromEnv && o.Source != fromFile {
			continue
		}
		re := regexp.MustCompile(`--` + regexp.QuoteMeta(name) + `([^a-z0-9-]|$)`)
		if loc := re.FindStringIndex(msg); loc != nil {
			hits = append(hits, hit{loc[0], o.given()})
		}
	}
	if len(hits) == 0 {
		return err
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	var prefix []string
	for _, h := range hits {
		prefix = append(prefix, h.given)
	}
	return usageError{fmt.Errorf("%s: %w", strings.Join(prefix, ", "), err)}
}

// envName is the variable of a flag: --memory-limit is RECONCILE_MEMORY_LIMIT.
func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

var envNameRE = regexp.MustCompile(`^[A-Z0-9_]+$`)

// loadEnv reads the RECONCILE_ variables, keyed by flag name. A variable
// that names no flag of any command is an error.
func loadEnv(known map[string]bool) (*koanf.Koanf, error) {
	var unknown []string
	k := koanf.New(".")
	err := k.Load(env.Provider("", env.Opt{
		Prefix:      envPrefix,
		EnvironFunc: environ,
		TransformFunc: func(name, value string) (string, any) {
			if ownEnv[name] {
				return "", nil
			}
			rest := strings.TrimPrefix(name, envPrefix)
			flag := strings.ToLower(strings.ReplaceAll(rest, "_", "-"))
			if !envNameRE.MatchString(rest) || !(known[flag] || flag == "config") {
				unknown = append(unknown, name)
				return "", nil
			}
			return flag, value
		},
	}), nil)
	if err != nil {
		return nil, fmt.Errorf("read the environment: %w", err)
	}
	if len(unknown) == 0 {
		return k, nil
	}
	sort.Strings(unknown)
	var names []string
	for f := range known {
		names = append(names, envName(f))
	}
	var msgs []string
	for _, name := range unknown {
		msgs = append(msgs, name+" names no flag"+didYouMean(strings.ToUpper(name), names))
	}
	return nil, usageError{hinted{errors.New(strings.Join(msgs, "; ")),
		"unset it, or spell it as RECONCILE_ and the flag's name in capitals with _ for - (--memory-limit is RECONCILE_MEMORY_LIMIT)"}}
}

// checkFile refuses a key of the config file that names no flag: a
// top-level key must be a flag of some command, a key in a command's
// section a flag of that command.
func checkFile(root *cobra.Command, path string, raw map[string]any, known map[string]bool) error {
	var msgs []string
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		v := raw[key]
		if sec, ok := v.(map[string]any); ok {
			cmd := sectionCmd(root, key)
			if cmd == nil {
				msgs = append(msgs, fmt.Sprintf("%s: no command %s has a section%s", key, key, didYouMean(key, commandNames(root))))
				continue
			}
			own := commandFlags(root, cmd)
			for _, k := range slices.Sorted(maps.Keys(sec)) {
				if _, nested := sec[k].(map[string]any); nested {
					msgs = append(msgs, fmt.Sprintf("%s.%s: want a value or a list", key, k))
				} else if !own[k] {
					msgs = append(msgs, fmt.Sprintf("%s.%s: %s has no --%s%s", key, k, key, k, didYouMean(k, slices.Collect(maps.Keys(own)))))
				}
			}
			continue
		}
		if !known[key] {
			msgs = append(msgs, fmt.Sprintf("%s: names no flag%s", key, didYouMean(key, append(slices.Collect(maps.Keys(known)), commandNames(root)...))))
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return usageError{hinted{fmt.Errorf("%s: %s", path, strings.Join(msgs, "; ")),
		"a key is a flag's name without the dashes (memory-limit: 2GB), at the top for every command that has the flag or under a command's name (run:) for that command only"}}
}

// layeredFlags are the names of the flags a variable or the file may set:
// those of every command.
func layeredFlags(root *cobra.Command) map[string]bool {
	known := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for n := range commandFlags(root, c) {
			known[n] = true
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return known
}

// commandFlags are the layered flags of cmd: its own and the root's
// persistent ones.
func commandFlags(root, cmd *cobra.Command) map[string]bool {
	own := map[string]bool{}
	add := func(f *pflag.Flag) {
		if !notLayered[f.Name] {
			own[f.Name] = true
		}
	}
	cmd.Flags().VisitAll(add)
	root.PersistentFlags().VisitAll(add)
	return own
}
