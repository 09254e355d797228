package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type receiptLine struct {
	Product  string `json:"product"`
	Quantity int    `json:"quantity"`
	Cents    int    `json:"cents"`
}

// handleCheckout reserves a cart's items and returns a receipt: the allocation hot spot (renderReceipt) and
// the mutex hot spot (reserveStock).
func (s *shop) handleCheckout(w http.ResponseWriter, r *http.Request) {
	seed, _ := strconv.Atoi(r.URL.Query().Get("cart"))
	cart := make([]int, 0, 24)
	for i := 0; i < 24; i++ {
		cart = append(cart, (seed*31+i*97)%len(s.catalog))
	}
	s.reserveStock(cart)
	w.Header().Set("content-type", "application/json")
	w.Write(s.renderReceipt(cart))
}

func (s *shop) reserveStock(cart []int) {
	s.stockMu.Lock()
	defer s.stockMu.Unlock()
	for _, id := range cart {
		s.stock[id]--
		if s.stock[id] < 0 {
			s.stock[id] = 1000
		}
	}
	// Bookkeeping done while holding the lock keeps other checkouts waiting.
	time.Sleep(50 * time.Microsecond)
}

// renderReceipt builds the receipt by string concatenation and JSON encoding: many short-lived allocations.
func (s *shop) renderReceipt(cart []int) []byte {
	var lines []receiptLine
	note := ""
	total := 0
	for _, id := range cart {
		p := s.catalog[id]
		lines = append(lines, receiptLine{Product: strings.ToUpper(p.Name), Quantity: 1, Cents: p.PriceCents})
		note += fmt.Sprintf("%s; ", p.Name)
		total += p.PriceCents
	}
	out, _ := json.Marshal(map[string]interface{}{"lines": lines, "total": total, "note": note})
	return out
}
