// shop: a small HTTP service with real hot spots, for trying PerfLens on live profiles.
//
//	go run . [-addr 127.0.0.1:6060] [-release NAME]   serve (pprof at /debug/pprof/, release name at /version)
//	go run . -load http://127.0.0.1:6060 [-duration 10s] [-concurrency 4]   drive load and print JSON figures
//
// This is release v1, the baseline. Release v2 is a real commit on top of it (examples/releases/shop-v2.patch, which
// `npm run demo` applies in the demo workspace's git repository): its search matches each product with a new
// helper that compiles the query's regular expression again for every product — the planted regression.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6060", "listen address (port 0: any free port)")
	release := flag.String("release", "v1", "release name to report at /version (the code is what was built)")
	exitWithStdin := flag.Bool("exit-with-stdin", false, "exit when stdin closes (for tests and benches)")
	loadTarget := flag.String("load", "", "run the load generator against this base URL instead of serving")
	duration := flag.Duration("duration", 10*time.Second, "load generator: how long to run")
	concurrency := flag.Int("concurrency", 4, "load generator: parallel clients")
	flag.Parse()

	if *loadTarget != "" {
		os.Exit(runLoad(*loadTarget, *duration, *concurrency))
	}
	if *release == "" || len(*release) > 64 {
		fmt.Fprintf(os.Stderr, "shop: -release must be a name of 1 to 64 characters, not %q\n", *release)
		os.Exit(2)
	}
	// Mutex and block profiles stay empty unless sampling is on; these rates cost little.
	runtime.SetMutexProfileFraction(10)
	runtime.SetBlockProfileRate(1_000_000)

	shop := newShop(*release)
	mux := http.DefaultServeMux // net/http/pprof registered its routes here
	mux.HandleFunc("/search", endpoint("/search", shop.handleSearch))
	mux.HandleFunc("/checkout", endpoint("/checkout", shop.handleCheckout))
	mux.HandleFunc("/report", endpoint("/report", shop.handleReport))
	mux.HandleFunc("/version", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, *release) })

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "shop: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("LISTEN %s\n", ln.Addr())
	if *exitWithStdin {
		go func() {
			r := bufio.NewReader(os.Stdin)
			for {
				if _, err := r.ReadByte(); err != nil {
					os.Exit(0)
				}
			}
		}()
	}
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if err := server.Serve(ln); err != nil {
		fmt.Fprintf(os.Stderr, "shop: %v\n", err)
		os.Exit(1)
	}
}

// endpoint runs a handler under the profiler label endpoint="<method> <route>" (pprof.Do), as services label
// their requests: every CPU sample, and every goroutine the handler starts, carries it, so a profile can be
// filtered or grouped by endpoint. The method is one of the standard ones, so clients cannot add label values.
func endpoint(route string, handler http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		method := "OTHER"
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
			method = r.Method
		}
		pprof.Do(r.Context(), pprof.Labels("endpoint", method+" "+route), func(ctx context.Context) {
			handler(w, r.WithContext(ctx))
		})
	}
}
