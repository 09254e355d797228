// The Go service of the peers tests. It serves net/http/pprof on 127.0.0.1 (Parca scrapes it) and, with
// -pyroscope, pushes with the real Pyroscope Go SDK (github.com/grafana/pyroscope-go) to a Pyroscope server or to
// `perflens collect --ingest`; with -sent it keeps a copy of every upload as the SDK sent it (parsed with Go's own
// mime/multipart), so a test can compare what was stored with what was sent.
//
// Its costs are planted, one function per kind: CPU in plantedHotspot (about a third of a core, so several copies
// and the servers share two cores), allocations in allocateBatch, mutex contention in contendLock, blocking on a
// channel in waitOnChannel. With -spans it also serves "requests" the way OpenTelemetry's Go profiling integration
// (otel-profiling-go) marks them: each runs under pprof labels span_id (16 hex digits) and span_name, alternately
// GET /search (CPU in searchProducts) and POST /checkout (CPU in chargeCard); /spans lists the finished ones as
// JSON. It prints "LISTEN <host:port>"; when its stdin closes it stops the SDK (which flushes
// its last uploads) and exits, so it never outlives the test that started it.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/pyroscope-go"
)

var sink uint64

// plantedHotspot is the function the tests expect at the top of every CPU profile.
//
//go:noinline
func plantedHotspot(until time.Time) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; ; i++ {
		h ^= uint64(i)
		h *= 1099511628211
		if i%4096 == 0 && time.Now().After(until) {
			return h
		}
	}
}

// allocateBatch is the allocation hot spot.
//
//go:noinline
func allocateBatch() []byte {
	b := make([]byte, 64*1024)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

var mu sync.Mutex
var shared int

// contendLock is the mutex hot spot: goroutines take turns holding one lock.
//
//go:noinline
func contendLock() {
	mu.Lock()
	shared++
	time.Sleep(200 * time.Microsecond)
	mu.Unlock()
}

// waitOnChannel is the block hot spot.
//
//go:noinline
func waitOnChannel(ch chan int) int {
	return <-ch
}

// spin burns CPU until `until` (the loop body is the same as plantedHotspot's, in each span's own function).
//
//go:noinline
func spin(until time.Time) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; ; i++ {
		h ^= uint64(i)
		h *= 1099511628211
		if i%4096 == 0 && time.Now().After(until) {
			return h
		}
	}
}

// searchProducts is where GET /search spends its CPU.
//
//go:noinline
func searchProducts(d time.Duration) uint64 { return spin(time.Now().Add(d)) }

// chargeCard is where POST /checkout spends its CPU.
//
//go:noinline
func chargeCard(d time.Duration) uint64 { return spin(time.Now().Add(d)) }

type finishedSpan struct {
	SpanID  string `json:"span_id"`
	Name    string `json:"span_name"`
	StartMs int64  `json:"start_ms"`
	EndMs   int64  `json:"end_ms"`
}

var (
	spansMu  sync.Mutex
	finished []finishedSpan
)

// serveSpans runs one request after the other, each a span of `cpu` CPU time, then an idle gap.
func serveSpans(cpu, gap time.Duration) {
	for n := 0; ; n++ {
		var id [8]byte
		_, _ = rand.Read(id[:])
		span := finishedSpan{SpanID: hex.EncodeToString(id[:]), Name: "GET /search", StartMs: time.Now().UnixMilli()}
		work := searchProducts
		if n%2 == 1 {
			span.Name, work = "POST /checkout", chargeCard
		}
		pprof.Do(context.Background(), pprof.Labels("span_id", span.SpanID, "span_name", span.Name), func(context.Context) {
			sink += work(cpu)
		})
		span.EndMs = time.Now().UnixMilli()
		spansMu.Lock()
		finished = append(finished, span)
		if len(finished) > 1000 {
			finished = finished[1:]
		}
		spansMu.Unlock()
		time.Sleep(gap)
	}
}

// recordingClient keeps each upload's parts on disk, then sends it on unchanged.
type recordingClient struct {
	dir  string
	n    atomic.Int64
	next http.Client
}

type sentUpload struct {
	Query   string `json:"query"`
	Profile string `json:"profile"`
	Config  string `json:"sample_type_config"`
	Status  int    `json:"status"`
}

func (c *recordingClient) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	n := c.n.Add(1)
	up := sentUpload{Query: req.URL.RawQuery}
	if _, params, err := mime.ParseMediaType(req.Header.Get("Content-Type")); err == nil {
		form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(64 << 20)
		if err == nil {
			for field, name := range map[string]*string{"profile": &up.Profile, "sample_type_config": &up.Config} {
				if files := form.File[field]; len(files) == 1 {
					f, _ := files[0].Open()
					data, _ := io.ReadAll(f)
					f.Close()
					file := fmt.Sprintf("%04d-%s", n, field)
					_ = os.WriteFile(filepath.Join(c.dir, file), data, 0o644)
					*name = file
				}
			}
		}
	}
	res, err := c.next.Do(req)
	if res != nil {
		up.Status = res.StatusCode
	}
	meta, _ := json.Marshal(up)
	_ = os.WriteFile(filepath.Join(c.dir, fmt.Sprintf("%04d.json", n)), meta, 0o644)
	return res, err
}

type tagFlags map[string]string

func (t tagFlags) String() string { return fmt.Sprint(map[string]string(t)) }
func (t tagFlags) Set(kv string) error {
	k, v, ok := strings.Cut(kv, "=")
	if !ok {
		return fmt.Errorf("want key=value, got %q", kv)
	}
	t[k] = v
	return nil
}

// work runs the planted costs until the process exits.
func work() {
	go func() {
		for {
			start := time.Now()
			sink += plantedHotspot(start.Add(3 * time.Millisecond))
			time.Sleep(6 * time.Millisecond)
		}
	}()
	go func() {
		var kept [][]byte
		for {
			kept = append(kept, allocateBatch())
			if len(kept) > 16 {
				kept = kept[1:]
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	for w := 0; w < 2; w++ {
		go func() {
			ch := make(chan int)
			for {
				contendLock()
				go func() { time.Sleep(100 * time.Microsecond); ch <- 1 }()
				waitOnChannel(ch)
				time.Sleep(time.Millisecond)
			}
		}()
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address for net/http/pprof")
	server := flag.String("pyroscope", "", "server URL to push to with pyroscope-go (none: no push)")
	service := flag.String("service", "peers-shop", "application name for pyroscope-go")
	tenant := flag.String("tenant", "", "tenant for pyroscope-go (X-Scope-OrgID)")
	uploadRate := flag.Duration("upload-rate", 2*time.Second, "pyroscope-go upload rate")
	allTypes := flag.Bool("all-types", false, "push every profile type pyroscope-go has (default: CPU, alloc and in-use space)")
	sent := flag.String("sent", "", "folder for copies of what the SDK sent (none: no copies)")
	tags := tagFlags{}
	flag.Var(tags, "tag", "pyroscope-go tag key=value (repeatable)")
	spans := flag.Bool("spans", false, "serve requests as spans (pprof labels span_id, span_name) and list them at /spans")
	flag.Parse()
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	work()
	if *spans {
		go serveSpans(250*time.Millisecond, 500*time.Millisecond)
		http.HandleFunc("/spans", func(w http.ResponseWriter, _ *http.Request) {
			spansMu.Lock()
			defer spansMu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(finished)
		})
	}

	var profiler *pyroscope.Profiler
	if *server != "" {
		types := []pyroscope.ProfileType{pyroscope.ProfileCPU, pyroscope.ProfileAllocSpace, pyroscope.ProfileInuseSpace}
		if *allTypes {
			types = []pyroscope.ProfileType{
				pyroscope.ProfileCPU,
				pyroscope.ProfileAllocObjects, pyroscope.ProfileAllocSpace, pyroscope.ProfileInuseObjects, pyroscope.ProfileInuseSpace,
				pyroscope.ProfileMutexCount, pyroscope.ProfileMutexDuration,
				pyroscope.ProfileBlockCount, pyroscope.ProfileBlockDuration,
				pyroscope.ProfileGoroutines,
			}
		}
		config := pyroscope.Config{
			ApplicationName: *service,
			ServerAddress:   *server,
			Tags:            tags,
			TenantID:        *tenant,
			UploadRate:      *uploadRate,
			Logger:          pyroscope.StandardLogger,
			ProfileTypes:    types,
		}
		if *sent != "" {
			config.HTTPClient = &recordingClient{dir: *sent}
		}
		var err error
		if profiler, err = pyroscope.Start(config); err != nil {
			log.Fatalf("pyroscope.Start: %v", err)
		}
	}

	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("LISTEN %s\n", listener.Addr())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		if profiler != nil {
			if err := profiler.Stop(); err != nil {
				log.Print(err)
			}
		}
		os.Exit(0)
	}()
	log.Fatal(http.Serve(listener, nil))
}
