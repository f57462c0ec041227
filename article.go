// Package newsdex holds the domain types every part of newsdex shares: the
// article a crawl or an import produces, its images and the entities it names.
// It has no dependencies beyond the standard library on purpose: the crawler,
// the index and the server all speak in these types.
package newsdex

import "time"

// Article is one news story, as extracted from a page or imported from JSONL.
// The store keeps it; the index is derived from it.
type Article struct {
	// ID is stable for the life of the article: the id an import supplied,
	// else derived from the canonical URL (see index/store.ArticleID).
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Published time.Time `json:"published,omitzero"`
	Author    string    `json:"author"`
	// Source is the outlet or site the article came from ("alu", "reuters").
	Source string `json:"source"`
	// Lang is "zh" or "en" (other languages are kept as detected).
	Lang     string   `json:"lang"`
	Body     string   `json:"body"`
	Images   []Image  `json:"images"`
	Entities Entities `json:"entities"`
}

// Image is a photo of the article with the caption printed under it.
type Image struct {
	Src     string `json:"src"`
	Caption string `json:"caption"`
}

// EntityType names one of the four kinds of entity newsdex facets on.
type EntityType string

const (
	Company EntityType = "company"
	Org     EntityType = "org"
	Person  EntityType = "person"
	Place   EntityType = "place"
)

// EntityTypes lists the entity types in the order facets show them.
var EntityTypes = [...]EntityType{Company, Org, Person, Place}

// Entities are the canonical keys of the entities an article names, by type.
// A key is what a facet value and a filter use: every alias of an entity, in
// either language, maps to the same key.
type Entities struct {
	Companies []string `json:"companies"`
	Orgs      []string `json:"orgs"`
	People    []string `json:"people"`
	Places    []string `json:"places"`
}

// Of returns the keys of one entity type.
func (e Entities) Of(t EntityType) []string {
	switch t {
	case Company:
		return e.Companies
	case Org:
		return e.Orgs
	case Person:
		return e.People
	case Place:
		return e.Places
	}
	return nil
}

// Set replaces the keys of one entity type.
func (e *Entities) Set(t EntityType, keys []string) {
	switch t {
	case Company:
		e.Companies = keys
	case Org:
		e.Orgs = keys
	case Person:
		e.People = keys
	case Place:
		e.Places = keys
	}
}

// Entity is one canonical entity with the names it is known by.
type Entity struct {
	Type EntityType `json:"type"`
	Key  string     `json:"value"`
	// Name gives the display name in each language, when known.
	Name Names `json:"name"`
}

// Names are an entity's display names by language.
type Names struct {
	ZH string `json:"zh,omitempty"`
	EN string `json:"en,omitempty"`
}
