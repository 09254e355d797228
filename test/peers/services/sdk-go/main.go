// A small Go service instrumented with the real Pyroscope Go SDK (github.com/grafana/pyroscope-go), for the peers
// tier: it pushes CPU, memory, mutex, block and goroutine profiles to the server given by -server, and keeps a
// copy of every upload as the SDK sent it (parsed with Go's own mime/multipart) in -sent, so the test can compare
// what the collector stored with what was sent. It works until its stdin closes, then stops the SDK (which
// flushes its last uploads) and exits.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/pyroscope-go"
)

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

var mu sync.Mutex
var shared int

// spinChecksum is the CPU hot spot.
func spinChecksum(rounds int) string {
	data := []byte("perflens")
	for i := 0; i < rounds; i++ {
		sum := sha256.Sum256(data)
		data = sum[:]
	}
	return hex.EncodeToString(data)
}

// allocateTags is the allocation hot spot.
func allocateTags(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		tags := make([]string, 0, 16)
		for j := 0; j < 16; j++ {
			tags = append(tags, fmt.Sprintf("tag-%d-%d", i, j))
		}
		total += len(tags)
	}
	return total
}

// contendLock is the mutex hot spot: goroutines take turns holding one lock.
func contendLock() {
	mu.Lock()
	shared++
	time.Sleep(200 * time.Microsecond)
	mu.Unlock()
}

// waitOnChannel is the block hot spot.
func waitOnChannel(ch chan int) int {
	return <-ch
}

func main() {
	server := flag.String("server", "", "ingest server URL")
	sent := flag.String("sent", "", "folder for copies of what the SDK sent")
	version := flag.String("version", "", "the version tag")
	flag.Parse()
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)

	profiler, err := pyroscope.Start(pyroscope.Config{
		ApplicationName: "orders",
		ServerAddress:   *server,
		Tags:            map[string]string{"version": *version, "region": "eu"},
		UploadRate:      time.Second,
		HTTPClient:      &recordingClient{dir: *sent},
		ProfileTypes: []pyroscope.ProfileType{
			pyroscope.ProfileCPU,
			pyroscope.ProfileAllocObjects, pyroscope.ProfileAllocSpace, pyroscope.ProfileInuseObjects, pyroscope.ProfileInuseSpace,
			pyroscope.ProfileMutexCount, pyroscope.ProfileMutexDuration,
			pyroscope.ProfileBlockCount, pyroscope.ProfileBlockDuration,
			pyroscope.ProfileGoroutines,
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	var stopping atomic.Bool
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stopping.Store(true)
	}()
	fmt.Println("STARTED")
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch := make(chan int)
			for !stopping.Load() {
				spinChecksum(20000)
				allocateTags(200)
				contendLock()
				go func() { time.Sleep(100 * time.Microsecond); ch <- 1 }()
				waitOnChannel(ch)
			}
		}()
	}
	wg.Wait()
	if err := profiler.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}
