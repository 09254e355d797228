package main

import (
	"fmt"
	"sync"
)

type product struct {
	ID          int
	Name        string
	Description string
	PriceCents  int
}

type shop struct {
	release string
	catalog []product
	// stockMu guards stock; checkout holds it while it reserves items (the mutex profile's hot spot).
	stockMu sync.Mutex
	stock   map[int]int
}

var adjectives = []string{"red", "blue", "organic", "vintage", "compact", "deluxe", "wooden", "steel", "smart", "quiet"}
var nouns = []string{"teapot", "lamp", "chair", "kettle", "backpack", "speaker", "notebook", "blender", "clock", "mug"}

func newShop(release string) *shop {
	s := &shop{release: release, stock: map[int]int{}}
	for i := 0; i < 3000; i++ {
		name := fmt.Sprintf("%s %s %d", adjectives[i%len(adjectives)], nouns[(i/len(adjectives))%len(nouns)], i)
		s.catalog = append(s.catalog, product{
			ID:          i,
			Name:        name,
			Description: fmt.Sprintf("A %s, item %d of the catalogue, ships in %d days.", name, i, 1+i%7),
			PriceCents:  199 + (i*7919)%50000,
		})
		s.stock[i] = 1000
	}
	return s
}
