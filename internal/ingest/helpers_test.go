package ingest

import "errors"

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func errorsIs(err, target error) bool { return errors.Is(err, target) }
