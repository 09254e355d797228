package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// handleSearch returns the products whose name or description matches the query words, best first.
func (s *shop) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		http.Error(w, "missing q", http.StatusBadRequest)
		return
	}
	hits := s.search(q)
	fmt.Fprintf(w, "%d results\n", len(hits))
	for i, p := range hits {
		if i == 20 {
			break
		}
		fmt.Fprintf(w, "%d\t%s\t%d\n", p.ID, p.Name, p.PriceCents)
	}
}

func (s *shop) search(q string) []product {
	var hits []product
	m := newMatcher(q)
	for _, p := range s.catalog {
		if m.MatchString(p.Name) || m.MatchString(p.Description) {
			hits = append(hits, p)
		}
	}
	rankByScore(hits, q)
	return hits
}

func newMatcher(q string) *regexp.Regexp {
	return regexp.MustCompile("(?i)" + regexp.QuoteMeta(q))
}

// rankByScore orders hits by how early the query appears in the name, then by price (insertion sort: hits are few).
func rankByScore(hits []product, q string) {
	score := func(p product) int {
		i := strings.Index(strings.ToLower(p.Name), strings.ToLower(q))
		if i < 0 {
			return 1000
		}
		return i
	}
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0; j-- {
			a, b := hits[j-1], hits[j]
			if score(a) < score(b) || (score(a) == score(b) && a.PriceCents <= b.PriceCents) {
				break
			}
			hits[j-1], hits[j] = b, a
		}
	}
}
