package gen

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// row is one event as it will be written.
type row struct {
	id         string // event_id: set when first written, kept by its duplicate
	video      int    // video number, written as video_id
	account    int    // account number from 1, written as account_id
	at         time.Time
	stamp      string // created_at as written; names at
	ev         pricing.Event
	blankActor bool          // write actor "none" as an empty cell (the default)
	credits    string        // charged_credits as written
	minutes    string        // charged_video_minutes as written
	cents      pricing.Cents // credits as a number, when charged
	mins       int64         // minutes as a number, when charged
	repeat     bool          // a duplicate of an event written before
	fault      Category      // the fault its charge was given, if faulty
	faulty     bool
	systematic bool // charged by a systematic fault (Config.Faults)
}

// video is what a render and its edits share.
type video struct {
	n          int
	account    int
	media      pricing.Media
	model      pricing.Model
	actor      pricing.Actor
	blankActor bool
	isAd       bool
}

// The shape of the mix (see the package doc).
const (
	editChance     = 0.3 // chance of one more edit after each; 0.3/0.7 edits per render
	renderMedianMS = 60_000
	renderSigma    = 0.9 // of ln(duration)
	minRenderMS    = 5_000
	maxRenderMS    = 600_000
	minClipMS      = 1_000
	maxClipMS      = 15_000
	maxEditDelay   = 2 * time.Hour
)

// imageWeights are the relative chances of editing 1, 2, … 6 images at once.
var imageWeights = [...]int{50, 20, 12, 8, 6, 4}

func (g *generator) newVideo() video {
	g.videos++
	v := video{n: g.videos, account: int(g.zipf.Uint64()) + 1}
	if g.r.Float64() < 0.65 {
		v.media, v.model = pricing.MediaGenerative, g.drawModel()
	} else {
		v.media = pricing.MediaStock
	}
	switch u := g.r.Float64(); {
	case u < 0.50:
		v.actor = pricing.ActorNone
		v.blankActor = g.r.Float64() < 0.1
	case u < 0.70:
		v.actor = pricing.ActorHuman
	case u < 0.85:
		v.actor = pricing.ActorVirtualPro
	default:
		v.actor = pricing.ActorAIAvatar
	}
	v.isAd = g.r.Float64() < 0.08
	return v
}

func (g *generator) drawModel() pricing.Model {
	if g.r.Float64() < 0.8 {
		return pricing.ModelPro
	}
	return pricing.ModelUltra
}

// render returns the render that creates v at t.
func (g *generator) render(v video, t time.Time) row {
	r := g.base(v, t)
	r.ev.Kind, r.ev.Media, r.ev.Model = pricing.KindRender, v.media, v.model
	r.ev.DurationMS = g.renderMS()
	return r
}

// edit returns a remix edit of v, made a little after its render at t.
func (g *generator) edit(v video, t time.Time) row {
	t = g.cal.clamp(t.Add(30*time.Second + time.Duration(g.r.Int64N(int64(maxEditDelay/time.Millisecond)))*time.Millisecond))
	r := g.base(v, t)
	r.ev.Model = v.model
	if r.ev.Model == pricing.ModelUnset {
		r.ev.Model = g.drawModel()
	}
	if g.r.IntN(3) < 2 {
		r.ev.Kind = pricing.KindEditClip
		r.ev.DurationMS = minClipMS + g.r.Int64N(maxClipMS-minClipMS+1)
		return r
	}
	r.ev.Kind = pricing.KindEditImage
	r.ev.Images = g.images()
	if g.r.Float64() < 0.25 {
		r.ev.Model = pricing.ModelUnset // the model does not price an image edit
	}
	return r
}

func (g *generator) base(v video, t time.Time) row {
	r := row{video: v.n, account: v.account, blankActor: v.blankActor}
	r.stamp, r.at = stamp(t, g.r.Float64())
	r.ev.Actor, r.ev.IsAd = v.actor, v.isAd
	return r
}

// renderMS draws a render length: log-normal around a minute, redrawn until
// it falls within 5 s to 10 min.
func (g *generator) renderMS() int64 {
	for {
		ms := math.Round(renderMedianMS * math.Exp(renderSigma*g.r.NormFloat64()))
		if ms >= minRenderMS && ms <= maxRenderMS {
			return int64(ms)
		}
	}
}

func (g *generator) images() int64 {
	total := 0
	for _, w := range imageWeights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range imageWeights {
		if n < w {
			return int64(i + 1)
		}
		n -= w
	}
	return 1
}

// newZipf returns a skewed draw of account indexes 0..accounts-1: the first
// accounts are the big ones.
func newZipf(r *rand.Rand, accounts int) *rand.Zipf {
	return rand.NewZipf(r, 1.1, 3, uint64(accounts-1))
}
