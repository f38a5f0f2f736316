package metrics

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
)

// temporalHandler turns the SDK's metrics (name + tags) into Prometheus
// families: counters get "_total", timers become histograms in seconds
// ("_seconds"), gauges keep their name. A family's label names are fixed by
// its first use; a later use with other tags fills the missing ones with ""
// and drops the extra ones (Prometheus refuses a family whose labels vary).
type temporalHandler struct {
	tags map[string]string
	fams *families
}

type families struct {
	reg *prometheus.Registry
	mu  sync.Mutex
	vec map[string]*family // by exported name
}

type family struct {
	labels []string
	vec    any // *prometheus.CounterVec, *prometheus.GaugeVec or *prometheus.HistogramVec; nil if refused
}

func newTemporalHandler(reg *prometheus.Registry) *temporalHandler {
	return &temporalHandler{tags: map[string]string{}, fams: &families{reg: reg, vec: map[string]*family{}}}
}

func (h *temporalHandler) WithTags(tags map[string]string) client.MetricsHandler {
	merged := maps.Clone(h.tags)
	for k, v := range tags {
		merged[k] = v
	}
	return &temporalHandler{tags: merged, fams: h.fams}
}

func (h *temporalHandler) Counter(name string) client.MetricsCounter {
	name = promName(name)
	if !strings.HasSuffix(name, "_total") {
		name += "_total"
	}
	vec, values := h.fams.get(name, h.tags, func(labels []string) prometheus.Collector {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: "Temporal SDK counter " + name + "."}, labels)
	})
	if v, ok := vec.(*prometheus.CounterVec); ok {
		if c, err := v.GetMetricWithLabelValues(values...); err == nil { // err: a value that is not UTF-8
			return counterFunc(func(d int64) {
				if d > 0 {
					c.Add(float64(d))
				}
			})
		}
	}
	return counterFunc(func(int64) {})
}

func (h *temporalHandler) Gauge(name string) client.MetricsGauge {
	name = promName(name)
	vec, values := h.fams.get(name, h.tags, func(labels []string) prometheus.Collector {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: "Temporal SDK gauge " + name + "."}, labels)
	})
	if v, ok := vec.(*prometheus.GaugeVec); ok {
		if g, err := v.GetMetricWithLabelValues(values...); err == nil {
			return gaugeFunc(g.Set)
		}
	}
	return gaugeFunc(func(float64) {})
}

func (h *temporalHandler) Timer(name string) client.MetricsTimer {
	name = promName(name) + "_seconds"
	vec, values := h.fams.get(name, h.tags, func(labels []string) prometheus.Collector {
		return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: "Temporal SDK timer " + name + ".",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300}}, labels)
	})
	if v, ok := vec.(*prometheus.HistogramVec); ok {
		if o, err := v.GetMetricWithLabelValues(values...); err == nil {
			return timerFunc(func(d time.Duration) { o.Observe(d.Seconds()) })
		}
	}
	return timerFunc(func(time.Duration) {})
}

// get finds or registers the family name and orders tags as its labels.
func (f *families) get(name string, tags map[string]string, build func(labels []string) prometheus.Collector) (any, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fam, ok := f.vec[name]
	if !ok {
		labels := make([]string, 0, len(tags))
		for k := range tags {
			labels = append(labels, labelName(k))
		}
		slices.Sort(labels)
		labels = slices.Compact(labels)
		fam = &family{labels: labels}
		c := build(labels)
		if err := f.reg.Register(c); err == nil {
			fam.vec = c
		} // else a name another collector owns: this metric is dropped, never a panic
		f.vec[name] = fam
	}
	byLabel := make(map[string]string, len(tags))
	for k, v := range tags {
		byLabel[labelName(k)] = v
	}
	values := make([]string, len(fam.labels))
	for i, l := range fam.labels {
		values[i] = byLabel[l]
	}
	return fam.vec, values
}

// promName makes an SDK metric or tag name a valid Prometheus name.
func promName(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && c >= '0' && c <= '9')
		if !ok {
			b[i] = '_'
		}
	}
	out := string(b)
	if out == "" || strings.HasPrefix(out, "__") {
		out = "x" + out
	}
	return out
}

// labelName is promName, clear of the names Prometheus keeps for itself
// (a histogram's "le", a summary's "quantile").
func labelName(s string) string {
	s = promName(s)
	if s == "le" || s == "quantile" {
		s += "_"
	}
	return s
}

type counterFunc func(int64)

func (f counterFunc) Inc(d int64) { f(d) }

type gaugeFunc func(float64)

func (f gaugeFunc) Update(v float64) { f(v) }

type timerFunc func(time.Duration)

func (f timerFunc) Record(d time.Duration) { f(d) }
