package report

import "github.com/shopspring/decimal"

// sums adds up the number columns of a list for its total row, exactly:
// credits as decimals, counts and minutes as integers.
type sums struct {
	kinds   []kind
	numbers []bool // the column held a number
	credits []decimal.Decimal
	ints    []int64
}

func newSums(cols int) *sums {
	return &sums{
		kinds:   make([]kind, cols),
		numbers: make([]bool, cols),
		credits: make([]decimal.Decimal, cols),
		ints:    make([]int64, cols),
	}
}

// add counts one report row.
func (s *sums) add(vs []value) {
	for i, v := range vs {
		switch v.kind {
		case kindCredits:
			s.kinds[i], s.numbers[i] = v.kind, true
			if !v.null {
				s.credits[i] = s.credits[i].Add(v.credits)
			}
		case kindInteger:
			s.kinds[i], s.numbers[i] = v.kind, true
			if !v.null {
				s.ints[i] += v.integer
			}
		}
	}
}

// row is the total row: "total" in the first column, the sum under every
// number column, nothing under the others.
func (s *sums) row() []value {
	vs := make([]value, len(s.kinds))
	for i := range vs {
		switch {
		case i == 0:
			vs[i] = text("total")
		case !s.numbers[i]:
			vs[i] = text("")
		case s.kinds[i] == kindCredits:
			vs[i] = credits(s.credits[i])
		default:
			vs[i] = integer(s.ints[i])
		}
	}
	return vs
}
