package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var queries = []string{"teapot", "blue lamp", "organic", "steel mug", "clock 12", "deluxe", "quiet chair", "smart"}

// runLoad drives the shop's endpoints from `concurrency` clients for `duration` and prints one JSON line:
// {"requests": N, "errors": E, "seconds": S, "rps": R}.
func runLoad(base string, duration time.Duration, concurrency int) int {
	base = strings.TrimRight(base, "/")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}}
	var requests, errors int64
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < concurrency; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := c; time.Now().Before(deadline); i++ {
				var url string
				switch i % 4 {
				case 0, 1:
					url = fmt.Sprintf("%s/search?q=%s", base, strings.ReplaceAll(queries[i%len(queries)], " ", "+"))
				case 2:
					url = fmt.Sprintf("%s/checkout?cart=%d", base, i)
				default:
					url = base + "/report"
				}
				resp, err := client.Get(url)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != 200 {
					atomic.AddInt64(&errors, 1)
				} else {
					atomic.AddInt64(&requests, 1)
				}
			}
		}(c)
	}
	wg.Wait()
	seconds := time.Since(start).Seconds()
	out, _ := json.Marshal(map[string]interface{}{"requests": requests, "errors": errors, "seconds": seconds, "rps": float64(requests) / seconds})
	fmt.Println(string(out))
	if requests == 0 {
		fmt.Fprintln(os.Stderr, "shop -load: no request succeeded")
		return 1
	}
	return 0
}
