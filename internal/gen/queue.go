package gen

import "container/heap"

// queue holds rows drawn but not yet due: edits made after their render,
// duplicates sent again later. It pops them in order of when they are due,
// then of when they were pushed, so the output does not depend on heap
// internals.
type queue struct{ items queueItems }

type queueItem struct {
	due int64  // Unix milliseconds
	seq uint64 // push order, to break ties
	r   row
}

type queueItems []queueItem

func (q *queue) push(due int64, seq uint64, r row) {
	heap.Push(&q.items, queueItem{due: due, seq: seq, r: r})
}

// popDue pops the next row due at or before due.
func (q *queue) popDue(due int64) (row, bool) {
	if len(q.items) == 0 || q.items[0].due > due {
		return row{}, false
	}
	return heap.Pop(&q.items).(queueItem).r, true
}

func (s queueItems) Len() int { return len(s) }
func (s queueItems) Less(i, j int) bool {
	if s[i].due != s[j].due {
		return s[i].due < s[j].due
	}
	return s[i].seq < s[j].seq
}
func (s queueItems) Swap(i, j int) { s[i], s[j] = s[j], s[i] }
func (s *queueItems) Push(x any)   { *s = append(*s, x.(queueItem)) }
func (s *queueItems) Pop() any {
	old := *s
	it := old[len(old)-1]
	*s = old[:len(old)-1]
	return it
}
