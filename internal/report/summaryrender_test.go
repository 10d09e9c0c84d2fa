package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// chromiumFlags start Debian's Chromium headless on a machine without a
// network or a display: no sandbox (tests may run as root), and none of
// its background connections.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
}

// chromium is the browser to render with: $RECONCILE_CHROMIUM, else
// chromium on the PATH. The test is skipped without one (CI has only Go
// and gcc); `apt-get install chromium` gives it.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("RECONCILE_CHROMIUM"); p != "" {
		return p
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install chromium): summary.html not rendered")
	}
	return p
}

func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	args = append(append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir()), args...)
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %q: %v\n%s", args, err, stderr.Bytes())
	}
	return out
}

// The probe page holds summary.html in frames as wide as a phone, a
// tablet and a desktop, and writes each frame's scroll width and client
// width into the DOM that --dump-dom prints. Headless Chromium's window is
// at least 500 px wide, so a phone's width needs a frame.
const probePage = `<!DOCTYPE html><html><body>
%s<script>
window.addEventListener('load', () => {
  for (const f of document.querySelectorAll('iframe')) {
    const d = f.contentDocument.documentElement;
    document.body.setAttribute('data-w' + f.width, d.scrollWidth + '/' + d.clientWidth);
  }
});
</script></body></html>`

var probeWidths = []int{320, 390, 768, 1280}

// TestSummaryHTMLRenders renders summary.html in headless Chromium: at
// each width nothing sticks out sideways (no horizontal scrolling on a
// phone), and a screenshot at phone width is a real picture.
func TestSummaryHTMLRenders(t *testing.T) {
	bin := chromium(t)
	dir, files := writeSample(t)

	var frames string
	for _, w := range probeWidths {
		frames += fmt.Sprintf(`<iframe width="%d" height="900" src="summary.html"></iframe>`, w)
	}
	probe := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(probe, fmt.Appendf(nil, probePage, frames), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, bin, "--allow-file-access-from-files", "--dump-dom", "file://"+probe)
	for _, w := range probeWidths {
		m := regexp.MustCompile(fmt.Sprintf(`data-w%d="(\d+)/(\d+)"`, w)).FindSubmatch(dom)
		if m == nil {
			t.Fatalf("width %d: the probe measured nothing; DOM:\n%s", w, dom)
		}
		scroll, _ := strconv.Atoi(string(m[1]))
		client, _ := strconv.Atoi(string(m[2]))
		if scroll > client {
			t.Errorf("at %d px the page is %d px wide for %d px of view: it scrolls sideways", w, scroll, client)
		}
	}

	shot := filepath.Join(t.TempDir(), "summary.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=390,2000", "file://"+files.SummaryHTML)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 390 || b.Dy() != 2000 {
		t.Errorf("screenshot is %v, want 390x2000", b.Size())
	}
	if n := colours(img); n < 8 {
		t.Errorf("screenshot has %d colours: a blank page, not the summary", n)
	}
}

// colours counts the distinct colours of img, up to 64.
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= 64 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

func TestBreakable(t *testing.T) {
	for in, want := range map[string]string{
		"counted under overcharged/undercharged": "counted under overcharged/<wbr>undercharged",
		`<b>a&b</b>/"c"`:                         "&lt;b&gt;a&amp;b&lt;/<wbr>b&gt;/<wbr>&#34;c&#34;",
		"no slash":                               "no slash",
	} {
		if got := string(breakable(in)); got != want {
			t.Errorf("breakable(%q) = %q, want %q", in, got, want)
		}
	}
}
