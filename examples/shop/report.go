package main

import (
	"fmt"
	"math"
	"net/http"
	"sort"
)

// handleReport computes price statistics over the catalogue: a steady CPU hot spot in both releases.
func (s *shop) handleReport(w http.ResponseWriter, _ *http.Request) {
	prices := make([]float64, len(s.catalog))
	for i, p := range s.catalog {
		prices[i] = float64(p.PriceCents)
	}
	sort.Float64s(prices)
	fmt.Fprintf(w, "median %.0f stddev %.1f\n", prices[len(prices)/2], priceDeviation(prices))
}

func priceDeviation(prices []float64) float64 {
	mean := 0.0
	for _, p := range prices {
		mean += p
	}
	mean /= float64(len(prices))
	sum := 0.0
	for round := 0; round < 20; round++ {
		for _, p := range prices {
			sum += math.Pow(p-mean, 2) / 20
		}
	}
	return math.Sqrt(sum / float64(len(prices)))
}
