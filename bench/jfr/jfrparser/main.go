// Grafana Pyroscope's JFR converter (github.com/grafana/jfr-parser/pprof, the code Pyroscope's ingest runs),
// timed for bench/jfr/run.ts: reads the recordings (gunzipped when gzip, outside the timing), converts them all
// as Pyroscope's ingest does (100 samples a second, an empty labels snapshot) `-reps` times, and prints one JSON
// line: wall and CPU time of one conversion of every file, the total of their CPU profiles, and the peak RSS.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"io"
	"os"
	"sort"
	"syscall"
	"time"

	"github.com/grafana/jfr-parser/pprof"
)

func cpuMs() float64 {
	var u syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e6
}

// maxRssKB is the process's peak resident set (Linux reports it in KB).
func maxRssKB() int64 {
	var u syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return int64(u.Maxrss)
}

func main() {
	reps := flag.Int("reps", 3, "conversions to time")
	flag.Parse()
	var bodies [][]byte
	total := 0
	for _, file := range flag.Args() {
		body, err := os.ReadFile(file)
		if err != nil {
			panic(err)
		}
		if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
			r, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				panic(err)
			}
			if body, err = io.ReadAll(r); err != nil {
				panic(err)
			}
		}
		bodies = append(bodies, body)
		total += len(body)
	}
	input := &pprof.ParseInput{StartTime: time.Unix(0, 0), EndTime: time.Unix(10, 0), SampleRate: 100}
	var times, cpuTimes []float64
	var cpuTotal int64
	for i := 0; i < *reps; i++ {
		start := time.Now()
		cpuStart := cpuMs()
		cpuTotal = 0
		for _, body := range bodies {
			profiles, err := pprof.ParseJFR(body, input, new(pprof.LabelsSnapshot))
			if err != nil {
				panic(err)
			}
			for _, p := range profiles.Profiles {
				if p.Metric != "process_cpu" {
					continue
				}
				for _, s := range p.Profile.Sample {
					cpuTotal += s.Value[0]
				}
			}
		}
		cpuTimes = append(cpuTimes, cpuMs()-cpuStart)
		times = append(times, float64(time.Since(start).Microseconds())/1000)
	}
	sort.Float64s(times)
	sort.Float64s(cpuTimes)
	out, _ := json.Marshal(map[string]any{"bytes": total, "minMs": times[0], "medianMs": times[len(times)/2], "minCpuMs": cpuTimes[0], "cpuNanos": cpuTotal, "maxRssKB": maxRssKB()})
	os.Stdout.Write(append(out, '\n'))
}
